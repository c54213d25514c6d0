"""Voice order with timbre: the notes voice order leaves open placed by pitch *and* by pitch-net's timbre embedding,
in `rendered-ensemble` (issue 29; `19_notegroups`, `20c_ensemble`).

    python experiments/voice_timbre.py [--jobs 2] [--weights 0.5,1,2]   # after bench/ensemble_rules.py (its cache)

Voice order (`mss_nb.notegroups.voice_order`) places a note by its pitch rank among the notes sounding at its
midpoint where that is sure, and every other note ("open") by pitch alone: the voice whose placed notes within 3 s lie
nearest in pitch (`fill_voices`). It loses where parts cross or share a register. Here the open notes weigh timbre too
(Duan, Han & Pardo 2014 stream by pitch and a pitch-invariant timbre): the cost of voice j for an open note i is

    |pitch_i - the voice's pitch near i| / 12  +  w * (1 - cos(e_i, c_j))

with e_i the note's unit embedding from pitch-net's `NoteEmbedder` (`note_embeddings`, the network trained on rendered
parts) and c_j the mean embedding of the voice's placed notes over the song; w = 0 is the shipped rule. Also tried:
'timbre only' (open notes by timbre alone). K = the true count, mono down-mix at 22.05 kHz, members cached by
`bench/ensemble_rules.py`, SI-SDRi. Dev sets choose; the MuseScore test sets report.
Writes results/real/voice_timbre.json and .md.
"""
import sys
from functools import partial
from pathlib import Path
import numpy as np
sys.path.insert(0, str(Path(__file__).resolve().parent))
from cached import cached_song, score, run_table, weights_args, SETS   # the members cached by bench/ensemble_rules.py


def timbre_fill(notes, v, E, k, w, window=3.):
    "`fill_voices` with a timbre term: open notes to the voice minimising pitch distance (octaves) + w * cosine distance."
    from mss_nb.notegroups import voice_pitches
    v, sure = np.asarray(v, int), np.asarray(v) >= 0
    E = E / np.maximum(np.linalg.norm(E, axis=1, keepdims=True), 1e-9)
    C = np.stack([E[sure & (v == j)].mean(0) if (sure & (v == j)).any() else E.mean(0) for j in range(k)])
    C = C / np.maximum(np.linalg.norm(C, axis=1, keepdims=True), 1e-9)
    pitch = 0. if w == np.inf else np.abs(notes.midi_pitch.values[:, None] - voice_pitches(notes, v, k, window)) / 12
    cost = pitch + (1 if w == np.inf else w) * (1 - E @ C.T)                   # (notes, k)
    return np.where(sure, v, cost.argmin(1))


def song_rows(f, weights):
    "One cached song: every variant's SI-SDRi (mean over parts), and the share of its notes voice order leaves open."
    from mss_nb.methods import load_method
    from mss_nb.harmonic import separate_harmonic, note_spectra
    from mss_nb.notegroups import voice_ranks, fill_voices, note_embeddings
    from mss_nb.ensemble import consensus_mean
    s, name, x, parts, m, k, notes = cached_song(f)
    rp, pn, vo = m['rp'], m['pn'], m['vo']
    pitch = load_method('rendered-ensemble').model.pitch
    shared = {}                                        # one STFT and one set of combs for every variant
    A = note_spectra(x, 22050, notes, pitch.cfg.n_fft, pitch.cfg.hop, shared)[1]
    E, v = note_embeddings(pitch, A, notes), voice_ranks(notes, k)
    assert np.array_equal(fill_voices(notes, v, k), timbre_fill(notes, v, E, k, 0.)), 'w = 0 must be voice order'
    out = {'voice order (shipped, w = 0)': consensus_mean([rp, pn, vo])[0]}
    for w in [*weights, np.inf]:
        ph = separate_harmonic(x, 22050, k, notes, streams=timbre_fill(notes, v, E, k, w), cache=shared)[0]
        out['timbre only' if w == np.inf else f'pitch + {w:g} x timbre'] = consensus_mean([rp, pn, ph])[0]
    return score(s, name, x, parts, out, open_share=float(np.mean(v < 0)) if len(v) else 0.)


def main(argv=None):
    a, ws = weights_args(argv, __doc__, 'timbre')
    share = lambda d: d.drop_duplicates(['set', 'song']).groupby('set').open_share.mean()[SETS]
    run_table(partial(song_rows, weights=ws), a.jobs, 'voice_timbre',
              "Voice order with timbre: open notes placed by pitch and pitch-net's timbre embedding, in rendered-ensemble",
              f'python experiments/voice_timbre.py --weights {a.weights}',
              extra=lambda d: dict(open_share=share(d).round(3).to_dict(), weights=ws),
              lines=lambda d: ['', 'Share of notes voice order leaves open (placed by the fill): ' +
                               ', '.join(f'{s} {v:.0%}' for s, v in share(d).items()) + '.'])

if __name__ == '__main__': main()
