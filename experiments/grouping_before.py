"""`mss_eval` with `rendered-ensemble`'s third member grouped as it was before voice order (`pitch-harmonic`'s own
Gaussian mixture), so the two groupings can be compared on the same render of the productions (`11_methods`).

    python experiments/grouping_before.py data/real_prod_dev runs/before_oracle \
        --methods rendered-ensemble+spatial-mean,rendered-ensemble --k oracle --variants other --no-bss --threads 1 -q --force
    (the same with --k auto and another folder)

Every argument goes to `mss_eval`; the only difference from it is that `separate_ensemble` gets no voice order, so
`separate_harmonic` groups the notes by its own rule. Results: 11_methods ("This round: voice order").
"""
import sys
import mss_nb.ensemble as ensemble


def main(argv=None):
    ensemble.voice_order = lambda notes, k: None              # streams=None: pitch-harmonic's own grouping
    from mss_nb.cli import mss_eval
    sys.argv = ['mss_eval'] + list(sys.argv[1:] if argv is None else argv)
    mss_eval()


if __name__ == '__main__': main()
