"""Duan's uniform discrete cepstrum as the notes' timbre, in `rendered-ensemble` (issue 29's anchor: Duan, Han &
Pardo, multi-pitch streaming, IEEE TASLP 2014; `18_harmonic`, `19_notegroups`, `20c_ensemble`).

    python experiments/udc_timbre.py [--jobs 2] [--weights 0.5,1,2]   # after bench/ensemble_rules.py (its cache)

Each note's harmonic envelope comes from the first harmonic fit, every note with its own timbre (`first_fit`: the
fitted magnitude of harmonics 1..30 below 10 kHz). Its uniform discrete cepstrum (UDC) is the cosine transform of the
log envelope *at the harmonics' own frequencies*, the same basis for every note, so two notes of one instrument at
different pitches sample one spectral envelope and get near coefficients:

    c_j = mean_h log(e_h + 1e-3) * cos(pi * j * f_h / 10 kHz),   j = 1..20,   f_h = h * f0 < 10 kHz

(c_0, the level, is left out). The coefficients are standardised over the song's notes. Groupings tried as
`pitch-harmonic`'s streams in the ensemble (rendered-parts and pitch-net stay as cached):

- **UDC clusters**: k-means over the UDC with the register (octaves from C4, weight 0.15, as `cluster_notes`), then
  Duan's constraint decided per stream: a stream whose notes rarely overlap one another (under 20 % of them) is
  monophonic, and notes are reassigned surest first so that no two overlapping notes share it (`assign_streams`).
- **UDC clusters, no constraint**.
- **voice order + w x UDC**: voice order's placed notes stay; the open ones go to the voice minimising pitch distance
  (octaves) + w * the UDC distance to the voice's placed notes' mean (per coefficient, root mean square).

Also a count from the same features: K in 2..4 with the best silhouette of the k-means above (Duan et al. count
nothing; this is the plain reading), the share of songs it counts right under the table.

Rows 'alone' score `pitch-harmonic` by itself under the grouping (no ensemble), to see the grouping's own worth.
K = the true count, mono down-mix at 22.05 kHz, SI-SDRi. Dev sets choose; the MuseScore test sets report.
Writes results/real/udc_timbre.json and .md.
"""
import sys
from functools import partial
from pathlib import Path
import numpy as np
sys.path.insert(0, str(Path(__file__).resolve().parent))
from cached import cached_song, score, run_table, weights_args   # the members cached by bench/ensemble_rules.py


def udc(notes, e, order=20, fmax=10000.):
    "Each note's uniform discrete cepstrum `(notes, order)` from its fitted harmonic envelope `e` `(notes, H)`."
    from mss_nb.transcribe import midi_hz
    H = e.shape[1]
    f = midi_hz(notes.midi_pitch.values)[:, None] * np.arange(1, H + 1)           # (notes, H) harmonic frequencies
    ok = f < fmax
    a = np.log(np.asarray(e) + 1e-3) * ok
    B = np.cos(np.pi * np.arange(1, order + 1)[None, None] * (f / fmax)[..., None])  # (notes, H, order)
    return (a[..., None] * B).sum(1) / np.maximum(ok.sum(1, keepdims=True), 1)


def standardise(C):
    "Each coefficient to zero mean and unit spread over the song's notes."
    return (C - C.mean(0)) / np.maximum(C.std(0), 1e-9)


def udc_streams(notes, C, k, constrain=True, pitch_weight=0.15, mono_share=0.2, seed=0):
    "Each note's stream `(notes,)`, lowest first: k-means over UDC + register, then Duan's per-stream monophony."
    from mss_nb.notegroups import cluster_notes, assign_streams, overlaps
    from mss_nb.harmonic import pitch_order
    if len(notes) <= k: return np.arange(len(notes)) % k
    Z = C / np.sqrt(C.shape[1])                                                  # unit spread over all coefficients
    sc = cluster_notes(Z, notes, k, pitch_weight, seed)
    s = sc.argmax(1)
    if constrain:
        ov = overlaps(notes) & (s[:, None] == s[None])
        np.fill_diagonal(ov, False)
        mono = np.array([ov[s == j].any(1).mean() < mono_share if (s == j).any() else False for j in range(k)])
        s = assign_streams(sc, notes, mono)
    return np.argsort(pitch_order(np.eye(k)[s], notes.midi_pitch.values))[s]


def udc_count(notes, C, ks=(2, 3, 4), pitch_weight=0.15):
    "The K in `ks` whose k-means over UDC + register has the best silhouette (0 where the notes are too few)."
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score
    if len(notes) <= max(ks): return 0
    Z = np.column_stack([C / np.sqrt(C.shape[1]), pitch_weight * (notes.midi_pitch.values - 60) / 12.])
    return ks[int(np.argmax([silhouette_score(Z, KMeans(k, n_init=10, random_state=0).fit_predict(Z)) for k in ks]))]


def udc_fill(notes, v, C, k, w, window=3.):
    "Voice order with a timbre term: open notes to the voice minimising pitch distance (octaves) + w * UDC distance."
    from mss_nb.notegroups import voice_pitches
    v, sure = np.asarray(v, int), np.asarray(v) >= 0
    cen = np.stack([C[sure & (v == j)].mean(0) if (sure & (v == j)).any() else C.mean(0) for j in range(k)])
    d = np.sqrt(((C[:, None] - cen[None]) ** 2).mean(-1))                       # (notes, k)
    cost = np.abs(notes.midi_pitch.values[:, None] - voice_pitches(notes, v, k, window)) / 12 + w * d
    return np.where(sure, v, cost.argmin(1))


def song_rows(f, weights):
    "One cached song: every variant's SI-SDRi (mean over parts)."
    from mss_nb.harmonic import separate_harmonic, note_spectra, first_fit, note_stft
    from mss_nb.notegroups import voice_ranks, fill_voices
    from mss_nb.ensemble import consensus_mean
    s, name, x, parts, m, k, notes = cached_song(f)
    rp, pn, vo = m['rp'], m['pn'], m['vo']
    shared = {}                                        # one STFT and one set of combs for every variant
    _, A, combs = note_spectra(x, 22050, notes, *note_stft(22050), shared)
    C = standardise(udc(notes, first_fit(A, notes, combs)['e'])) if len(notes) else np.zeros((0, 20))
    v = voice_ranks(notes, k)
    assert np.array_equal(fill_voices(notes, v, k), udc_fill(notes, v, C, k, 0.)), 'w = 0 must be voice order'
    ph = lambda st: separate_harmonic(x, 22050, k, notes, streams=st, cache=shared)[0]
    groupings = {'UDC clusters': udc_streams(notes, C, k), 'UDC clusters, no constraint': udc_streams(notes, C, k, False),
                 **{f'voice order + {w:g} x UDC': udc_fill(notes, v, C, k, w) for w in weights}}
    out = {'voice order (shipped)': consensus_mean([rp, pn, vo])[0], 'alone: pitch-harmonic, voice order': vo}
    for g, st in groupings.items():
        y = ph(st)
        out[g], out[f'alone: pitch-harmonic, {g}'] = consensus_mean([rp, pn, y])[0], y
    return score(s, name, x, parts, out, k=k, udc_count=udc_count(notes, C))


def main(argv=None):
    a, ws = weights_args(argv, __doc__, 'UDC')
    right = lambda d: d.drop_duplicates(['set', 'song']).assign(ok=lambda t: t.udc_count == t.k).groupby('set').ok.mean()
    run_table(partial(song_rows, weights=ws), a.jobs, 'udc_timbre',
              "Duan's uniform discrete cepstrum as the notes' timbre, as pitch-harmonic's grouping in rendered-ensemble",
              f'python experiments/udc_timbre.py --weights {a.weights}',
              extra=lambda d: dict(weights=ws, count_right=right(d).round(3).to_dict()),
              lines=lambda d: ['', 'K counted by the best silhouette of the UDC clusters (2..4), share of songs right: ' +
                               ', '.join(f'{s} {v:.0%}' for s, v in right(d).items()) + '.'])

if __name__ == '__main__': main()
