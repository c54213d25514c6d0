"""Short training probes of the rendered-parts separator: does the network learn to split, or lump
the whole mixture into one slot? (The table in nbs/16_rendered.ipynb, "Levels".)

    python experiments/rendered_probe.py --steps 250 --balance-db 3 --silent-weight 0.1
    python experiments/rendered_probe.py --steps 250 --masks sigmoid --balance-db none

Trains the cpu-size `MaskNet` for `--steps` steps (batch 8, 3-s excerpts) on the render cache of a
`mss_train_sep` run (default runs/sep_rendered_cpu/cache, pool 1600), then scores 24 held-back
examples with 2-4 parts at their natural levels: the best slot's SI-SDR improvement per part, and
the mean slot energies relative to the mixture (a collapsed network: one slot near 0 dB, the
others below -30 dB). One thread; about 2.5 min for 250 steps on this project's CPU.
"""
import argparse, time
import numpy as np
import torch
from fastcore.basics import patch
from mss_nb.mixit import MaskNet, MaskNetConfig
from mss_nb.engine import RenderCache
from mss_nb.rendered import make_parts_batch, pit_loss, balance_levels

def sigmoid_masks():
    "Swap MaskNet's softmax masks for sigmoid masks plus a mixture-consistency projection."
    @patch
    def masks(self:MaskNet, X):
        f = torch.log(X.abs() + 1e-5)
        h = self.inp((f - f.mean((1, 2), keepdim=True)).transpose(1, 2))
        logits = self.out(torch.cat([h, self.rnn(h)[0]], -1))
        return logits.view(*logits.shape[:2], self.cfg.n_slots, -1).permute(0, 2, 3, 1).sigmoid()
    @patch
    def forward(self:MaskNet, x):
        X = self.spec(x)
        Mk = self.masks(X)
        y = self.ispec((Mk * X[:, None]).flatten(0, 1), x.shape[-1]).view(*Mk.shape[:2], -1)
        return y + (x[:, None] - y.sum(1, keepdim=True)) / Mk.shape[1]

def si_sdr(r, e):
    a = (e @ r) / (r @ r + 1e-12)
    t = a * r
    return 10 * np.log10((t @ t) / ((e - t) @ (e - t)) + 1e-12)

def main(steps=250, masks='softmax', balance_db='3', silent_weight=0.1,
         cache='runs/sep_rendered_cpu/cache', pool=1600, seed=0):
    torch.set_num_threads(1)
    if masks == 'sigmoid': sigmoid_masks()
    bal = None if balance_db == 'none' else float(balance_db)
    c = RenderCache(cache, 8 << 30, seconds=6., sr=22050, n_parts=(1, 4))
    torch.manual_seed(seed)
    net = MaskNet(MaskNetConfig())
    opt = torch.optim.Adam(net.parameters(), 1e-3)
    n, t = 3 * 22050, time.time()
    for step in range(steps):
        refs = make_parts_batch(c, [s % pool for s in range(step * 8, step * 8 + 8)], 4, n, step)
        if bal is not None: refs = balance_levels(refs, bal, step)
        loss = pit_loss(net(refs.sum(1)), refs, silent_weight=silent_weight)
        opt.zero_grad()
        loss.backward()
        opt.step()
    net.eval()
    with torch.no_grad():
        R = make_parts_batch(c, range(10**9, 10**9 + 24), 4, n)
        E = net(R.sum(1)).numpy()
    imp, ens = [], []
    for r, e in zip(R.numpy(), E):
        x = r.sum(0)
        act = [p for p in r if (p ** 2).sum() > 1e-8 * (x ** 2).sum()]
        if len(act) < 2: continue
        imp += [max(si_sdr(p, s) for s in e) - si_sdr(p, x) for p in act]
        ens.append(np.sort(10 * np.log10((e ** 2).sum(-1) / (x ** 2).sum() + 1e-12))[::-1])
    print(f"masks {masks}, levels {balance_db}, silent weight {silent_weight}, {steps} steps "
          f"({time.time() - t:.0f} s): best-slot SI-SDRi {np.mean(imp):.2f} dB; "
          f"mean slot energies {np.round(np.mean(ens, 0), 1).tolist()} dB")

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--steps', type=int, default=250)
    p.add_argument('--masks', default='softmax', choices=['softmax', 'sigmoid'])
    p.add_argument('--balance-db', default='3', help="±dB around equal levels, or 'none'")
    p.add_argument('--silent-weight', type=float, default=0.1)
    p.add_argument('--cache', default='runs/sep_rendered_cpu/cache')
    p.add_argument('--pool', type=int, default=1600)
    p.add_argument('--seed', type=int, default=0)
    main(**vars(p.parse_args()))
