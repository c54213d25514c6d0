"""Fine-tune basic-pitch's note model on engine renders of real scores (issue 29, item 6), and say
whether its note F1 rises on the real-score sets.

    pip install onnx onnx2torch ml_dtypes "torchvision==0.26.0"   # only for this script (see below)
    python bench/tune_transcriber.py [--examples 800] [--steps 1500]

1. Renders `--examples` training examples and `--val` validation examples with the engine
   (`03_engine.render_example`): 1 to 4 parts, training SoundFonts only, 80 % of them playing
   excerpts of the training scores (`03c_corpusnotes.TRAIN_SCORES`: never Bach, never a set's piece),
   the rest the engine's rule-made notes. Each example is 4 s at 22.05 kHz: two 2-s windows of
   the network. Cached in data/cache/transcriber/ (resumable).
2. Converts the ONNX graph that ships in the basic-pitch wheel to torch with `onnx2torch` (its
   reflect padding of a 2-D tensor patched), checks that both give the same outputs, and trains
   its six learned convolutions (the CQT front end stays fixed) on the notes: binary cross-entropy
   on the note and contour posteriorgrams, weighted (0.95 / 0.05) on the onsets, as basic-pitch
   was trained.
3. Every `--every` steps the weights are written back into a copy of the ONNX graph and
   `transcribe` (the decoder as shipped) runs with it on the real-score dev set (training libraries)
   and the MuseScore test set; note F1 (onset) and frame F1 with `mir_eval`. Step 0 is the shipped
   model. The dev set chooses the step; the test set only reports.

Writes results/transcriber/tune.{json,md} and each checkpoint's graph, results/transcriber/nmp_step<N>.onnx
(step 0: the shipped weights, through the same write-back). Whether a tuned model helps the separation:
`bench/transcriber_separation.py --model results/transcriber/nmp_step<N>.onnx`. Issue 29 keeps it only if
note F1 rises on the MuseScore renders; the dev sets' separation must not fall either.
"""
import argparse, functools, os, sys, time
from multiprocessing import get_context
from pathlib import Path
import numpy as np

FPS_HOP, N_WIN, N_FRAMES = 256, 43844, 172          # basic-pitch: samples per frame, per window; frames per window

def render_one(seed, folder, corpus_share):
    "One engine example as `<seed>.npz`: the mono mixture (4 s, 22.05 kHz) and its notes `(onset_s, offset_s, midi)`."
    f = folder / f'{seed}.npz'
    if f.exists(): return seed
    from mss_nb.engine import render_example
    Y, about = render_example(seed, seconds=4., sr=22050, n_parts=(1, 4), corpus_share=corpus_share)
    x = Y.sum(0).mean(0).astype(np.float32)
    notes = np.array([(r[1], r[2], r[3]) for r in about['notes']], np.float64).reshape(-1, 3)
    tmp = folder / f'.{seed}.tmp.npz'
    np.savez(tmp, x=x, notes=notes)
    os.replace(tmp, f)
    return seed

def render(seeds, folder, corpus_share, workers):
    "Every example of `seeds` on disk (two processes by default)."
    folder.mkdir(parents=True, exist_ok=True)
    todo = [s for s in seeds if not (folder / f'{s}.npz').exists()]
    fn = functools.partial(render_one, folder=folder, corpus_share=corpus_share)
    if todo:
        with get_context('spawn').Pool(workers) as pool:
            for i, _ in enumerate(pool.imap_unordered(fn, todo)):
                if i % 100 == 0: print(f'rendered {i}/{len(todo)}', flush=True)
    return [np.load(folder / f'{s}.npz') for s in seeds]

def targets(notes, start_s):
    "Note, onset `(172, 88)` and contour `(172, 264)` targets of the window starting at `start_s`."
    fps = 22050 / FPS_HOP
    note, onset, contour = np.zeros((N_FRAMES, 88), np.float32), np.zeros((N_FRAMES, 88), np.float32), np.zeros((N_FRAMES, 264), np.float32)
    for on, off, m in notes:
        p = int(m) - 21
        if not 0 <= p < 88: continue
        a, b = int(round((on - start_s) * fps)), int(round((off - start_s) * fps))
        lo, hi = max(a, 0), min(b, N_FRAMES)
        if hi > lo: note[lo:hi, p] = 1; contour[lo:hi, 3 * p] = 1
        if 0 <= a < N_FRAMES: onset[a, p] = 1
    return note, onset, contour

def windows(examples):
    "Network inputs `(n, 43844, 1)` and targets: two windows of each 4-s example."
    xs, ts = [], []
    for e in examples:
        for s0 in (0, len(e['x']) - N_WIN):
            xs.append(e['x'][s0:s0 + N_WIN]); ts.append(targets(e['notes'], s0 / 22050))
    return np.stack(xs)[..., None], [np.stack(t) for t in zip(*ts)]

def converted(onnx_path):
    "basic-pitch's graph as a torch module (`onnx2torch`), its reflect padding of 2-D tensors made to work."
    import onnx, onnx2torch, torch, torch.nn.functional as F
    from onnx2torch.node_converters import pad as P
    def forward(self, x, pads, constant_value=0.0):
        tp = P._onnx_padding_to_torch(pads.tolist())
        if self.mode == 'constant': return F.pad(x, tp, mode='constant', value=constant_value)
        while len(tp) > 2 and tp[-2:] == [0, 0]: tp = tp[:-2]          # pads of the leading dimensions: none
        d = len(tp) // 2
        y = F.pad(x.reshape(1, -1, *x.shape[x.dim() - d:]), tp, mode=self.mode)
        return y.reshape(*x.shape[:x.dim() - d], *y.shape[2:])
    P.OnnxPadDynamic.forward = forward
    return onnx2torch.convert(onnx.load(str(onnx_path)))

def learned(tm, onnx_path):
    "`{parameter name: initializer name}` of the six learned convolutions (outside the CQT), matched by value."
    import onnx
    from onnx import numpy_helper
    inits = {i.name: numpy_helper.to_array(i) for i in onnx.load(str(onnx_path)).graph.initializer}
    out = {}
    for n, p in tm.named_parameters():
        if 'cq_t' in n: continue
        v = p.detach().numpy()
        hits = [k for k, a in inits.items() if a.shape == v.shape and np.array_equal(a, v)]
        assert len(hits) == 1, (n, hits)
        out[n] = hits[0]
    return out

def write_onnx(tm, names, src, dst):
    "A copy of the ONNX graph `src` with the trained weights, atomically at `dst`."
    import onnx
    from onnx import numpy_helper
    m = onnx.load(str(src))
    params = dict(tm.named_parameters())
    by_init = {v: params[k].detach().numpy() for k, v in names.items()}
    for i in m.graph.initializer:
        if i.name in by_init: i.CopyFrom(numpy_helper.from_array(by_init[i.name].astype(np.float32), i.name))
    tmp = Path(str(dst) + '.tmp')
    onnx.save(m, str(tmp)); os.replace(tmp, dst)

GRID = dict(onset_threshold=[0.3, 0.4, 0.5, 0.6, 0.7], frame_threshold=[0.2, 0.3, 0.4], min_note_ms=[127.7])   # decoder settings swept

def note_f1(onnx_path, sets):
    """Note F1 (onset) and frame F1 of `transcribe` with the model at `onnx_path`, per real-score set and
    decoder thresholds `GRID` (`bench/thresholds.sweep`; a tuned model's posteriors need not keep the
    shipped calibration): `{set: {(onset, frame): {score: mean over songs}}}`."""
    import mss_nb.transcribe as T
    from thresholds import sweep
    old, T.note_model = T.note_model, functools.partial(T.note_model, path=str(onnx_path))
    try: df = sweep(sets, GRID, progress=False)
    finally: T.note_model = old
    g = df.groupby(['set', 'onset_threshold', 'frame_threshold'])[['note_f1_onset', 'note_f1_onset_offset', 'frame_f1']].mean()
    res = {s: {} for s in sets}
    for (s, o, f), r in g.iterrows(): res[s][(o, f)] = r.to_dict()
    return res

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--examples', type=int, default=800)
    ap.add_argument('--val', type=int, default=64)
    ap.add_argument('--steps', type=int, default=1500)
    ap.add_argument('--every', type=int, default=250)
    ap.add_argument('--batch', type=int, default=16)
    ap.add_argument('--lr', type=float, default=3e-4)
    ap.add_argument('--corpus-share', type=float, default=0.8)
    ap.add_argument('--workers', type=int, default=2)
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--sets', default='real_scores_dev,real_scores_test')
    ap.add_argument('--out', default=None)
    a = ap.parse_args(argv)
    import torch
    from mss_nb.core import data_dir, results_dir, save_json, atomic_write_text, set_threads
    import mss_nb.transcribe as T
    set_threads(2)
    out = Path(a.out) if a.out else results_dir() / 'transcriber'
    out.mkdir(parents=True, exist_ok=True)
    cache = data_dir() / 'cache' / 'transcriber'
    t0 = time.time()
    train = render(range(500_000, 500_000 + a.examples), cache, a.corpus_share, a.workers)
    val = render(range(600_000, 600_000 + a.val), cache, a.corpus_share, a.workers)
    print(f'renders: {time.time() - t0:.0f} s', flush=True)
    X, Ys = windows(train)
    Xv, Yv = windows(val)
    src = Path(T._basic_pitch().ICASSP_2022_MODEL_PATH)
    tm = converted(src)
    names = learned(tm, src)
    for n, p in tm.named_parameters(): p.requires_grad_(n in names)
    import onnxruntime as ort
    ref = ort.InferenceSession(str(src)).run(None, {'serving_default_input_2:0': Xv[:4]})
    with torch.no_grad(): got = tm(torch.from_numpy(Xv[:4]))
    gap = max(float(np.abs(r - g.numpy()).max()) for r, g in zip(ref, got))
    assert gap < 1e-4, gap
    import onnx
    outs = [o.name for o in onnx.load(str(src)).graph.output]    # basic-pitch reads :1 note, :2 onset, :0 contour
    assert outs == ['StatefulPartitionedCall:2', 'StatefulPartitionedCall:1', 'StatefulPartitionedCall:0'], outs
    bce = torch.nn.functional.binary_cross_entropy
    def loss_of(xb, yb):
        o, n, c = tm(xb)                                             # onset, note, contour (the graph's order)
        note_t, onset_t, contour_t = yb
        c, n, o = (v.clamp(1e-6, 1 - 1e-6) for v in (c, n, o))
        w = onset_t * 0.95 + (1 - onset_t) * 0.05
        return bce(n, note_t) + bce(c, contour_t) + (bce(o, onset_t, reduction='none') * w).mean() * 2
    def val_loss():
        with torch.no_grad():
            return float(np.mean([loss_of(torch.from_numpy(Xv[i:i + 32]), [torch.from_numpy(y[i:i + 32]) for y in Yv])
                                  for i in range(0, len(Xv), 32)]))
    opt = torch.optim.Adam([p for p in tm.parameters() if p.requires_grad], lr=a.lr)
    rng, rows = np.random.default_rng(a.seed), []
    sets = a.sets.split(',')
    dev, shipped = sets[0], (0.5, 0.3)
    def checkpoint(step):
        "Scores of the weights now: at the shipped thresholds, and at the thresholds best on the dev set."
        f = out / f'nmp_step{step}.onnx'
        write_onnx(tm, names, src, f)
        r = note_f1(f, sets)
        g = max(r[dev], key=lambda g: r[dev][g]['note_f1_onset'])
        row = dict(step=step, val_loss=val_loss(), thresholds=list(g),
                   **{f'{s}/{k}': r[s][shipped][k] for s in sets for k in ('note_f1_onset', 'frame_f1')},
                   **{f'{s}/{k} (dev thresholds)': r[s][g][k] for s in sets for k in ('note_f1_onset', 'frame_f1')})
        rows.append(row); print(row, flush=True)
    checkpoint(0)
    t1 = time.time()
    for step in range(1, a.steps + 1):
        idx = rng.choice(len(X), a.batch, replace=False)
        loss = loss_of(torch.from_numpy(X[idx]), [torch.from_numpy(y[idx]) for y in Ys])
        opt.zero_grad(); loss.backward(); opt.step()
        if step % 50 == 0: print(f'step {step} loss {loss.item():.4f} {(time.time() - t1) / step:.2f} s/step', flush=True)
        if step % a.every == 0: checkpoint(step)
    best = max(rows, key=lambda r: r[f'{dev}/note_f1_onset (dev thresholds)'])
    res = dict(args=vars(a), rows=rows, chosen_step=best['step'], chosen_on=f'{dev}/note_f1_onset (dev thresholds)',
               seconds=time.time() - t0)
    save_json(out / 'tune.json', res)
    cols = [k for k in rows[0] if k not in ('step', 'thresholds')]
    md = ['# basic-pitch fine-tuned on engine renders of real scores', '',
          f'`python bench/tune_transcriber.py --examples {a.examples} --steps {a.steps} --lr {a.lr} --batch {a.batch}`. '
          f'Step 0 is the shipped model; note F1 (onset) and frame F1 of `transcribe` on each set; the step is chosen '
          f'on {dev} (step {best["step"]}).', '',
          '| step | dev thresholds | ' + ' | '.join(cols) + ' |', '|---' * (len(cols) + 2) + '|'] + \
         [f"| {r['step']} | {r['thresholds'][0]} / {r['thresholds'][1]} | " + ' | '.join(f'{r[c]:.3f}' for c in cols) + ' |' for r in rows]
    atomic_write_text(out / 'tune.md', '\n'.join(md) + '\n')
    print('\n'.join(md))

if __name__ == '__main__': main()
