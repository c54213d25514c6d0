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
import argparse, glob, os, sys
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path
import numpy as np, pandas as pd
os.environ.setdefault('OMP_NUM_THREADS', '1')
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / 'bench'))
from ensemble_rules import CACHE, SETS, DEV, OUT                      # the members' cache and the sets
from mss_nb.core import save_json, atomic_write_text
from mss_nb.evaluation import markdown_table


def timbre_fill(notes, v, E, k, w, window=3.):
    "`fill_voices` with a timbre term: open notes to the voice minimising pitch distance (octaves) + w * cosine distance."
    n, v = len(notes), np.asarray(v, int)
    p, mid, sure = notes.midi_pitch.values.astype(float), (notes.onset_s.values + notes.offset_s.values) / 2, v >= 0
    whole = np.quantile(p, (np.arange(k) + .5) / k)
    whole = np.array([np.median(p[sure & (v == j)]) if (sure & (v == j)).any() else whole[j] for j in range(k)])
    E = E / np.maximum(np.linalg.norm(E, axis=1, keepdims=True), 1e-9)
    C = np.stack([E[sure & (v == j)].mean(0) if (sure & (v == j)).any() else E.mean(0) for j in range(k)])
    C = C / np.maximum(np.linalg.norm(C, axis=1, keepdims=True), 1e-9)
    out = v.copy()
    for i in np.flatnonzero(~sure):
        near = sure & (np.abs(mid - mid[i]) < window)
        ref = np.array([np.median(p[near & (v == j)]) if (near & (v == j)).any() else whole[j] for j in range(k)])
        pitch = np.abs(p[i] - ref) / 12 if w != np.inf else 0.
        out[i] = int(np.argmin(pitch + (1 if w == np.inf else w) * (1 - C @ E[i])))
    return out


def song_rows(f, weights):
    "One cached song: every variant's SI-SDRi (mean over parts)."
    from mss_nb.core import set_threads
    set_threads(1)
    from mss_nb.methods import load_method
    from mss_nb.transcribe import transcribe
    from mss_nb.harmonic import separate_harmonic, note_spectra
    from mss_nb.notegroups import voice_ranks, fill_voices, note_embeddings
    from mss_nb.ensemble import consensus_mean
    from mss_nb.evaluation import score_song
    s, name = Path(f).stem.split('__')
    d = np.load(f)
    x, parts = d['x'], dict(zip(d['names'], d['parts']))
    rp, pn, vo, k = list(d['rp']), list(d['pn']), list(d['vo']), len(d['names'])
    pitch = load_method('rendered-ensemble').model.pitch
    notes = transcribe(x, 22050)[0]                                   # as the cache's members were made
    A = note_spectra(x, 22050, notes, pitch.cfg.n_fft, pitch.cfg.hop)[1]
    E, v = note_embeddings(pitch, A, notes), voice_ranks(notes, k)
    assert np.array_equal(fill_voices(notes, v, k), timbre_fill(notes, v, E, k, 0.)), 'w = 0 must be voice order'
    out = {'voice order (shipped, w = 0)': consensus_mean([rp, pn, vo])[0]}
    for w in [*weights, np.inf]:
        s_ = timbre_fill(notes, v, E, k, w)
        ph = separate_harmonic(x, 22050, k, notes, streams=s_)[0]
        out['timbre only' if w == np.inf else f'pitch + {w:g} x timbre'] = consensus_mean([rp, pn, ph])[0]
    return [dict(set=s, song=name, rule=r, si_sdri=float(np.mean([q['si_sdri'] for q in score_song(x, parts, y)])),
                 open_share=float(np.mean(v < 0)) if len(v) else 0.) for r, y in out.items()]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--jobs', type=int, default=2, help='songs scored at once (one process and thread each)')
    ap.add_argument('--weights', default='0.5,1,2', help='timbre weights w tried')
    a = ap.parse_args(argv)
    files = sorted(glob.glob(str(CACHE / '*.npz')))
    if not files: sys.exit(f'{CACHE}: empty; run bench/ensemble_rules.py first')
    ws = [float(w) for w in a.weights.split(',')]
    with ProcessPoolExecutor(a.jobs) as ex: d = pd.DataFrame(sum(ex.map(partial(song_rows, weights=ws), files), []))
    t = d.groupby(['set', 'rule']).si_sdri.mean().unstack(0)[SETS]
    t.insert(3, 'dev mean', t[DEV].mean(1))
    t = t.sort_values('dev mean', ascending=False)
    share = d.drop_duplicates(['set', 'song']).groupby('set').open_share.mean()[SETS]
    save_json(OUT / 'voice_timbre.json', dict(table=t.round(3).to_dict(), songs=d.round(3).to_dict('records'),
                                              open_share=share.round(3).to_dict(), weights=ws))
    md = ['# Voice order with timbre: open notes placed by pitch and pitch-net\'s timbre embedding, in rendered-ensemble', '',
          f'`python experiments/voice_timbre.py --weights {a.weights}`: K = the true count, mono down-mix at 22.05 kHz, '
          'SI-SDRi (dB), mean over parts then songs; members from `bench/ensemble_rules.py`. Dev sets (first three) choose; '
          'the MuseScore test sets report.', '', markdown_table(t.round(2)), '',
          'Share of notes voice order leaves open (placed by the fill): ' +
          ', '.join(f'{s} {v:.0%}' for s, v in share.items()) + '.']
    atomic_write_text(OUT / 'voice_timbre.md', '\n'.join(md) + '\n')
    print('\n'.join(md))


if __name__ == '__main__': main()
