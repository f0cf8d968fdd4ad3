"""Scoring helpers shared by fine-tuning, evaluation and the QMSum/XQuAD measures.

Word probability = mean of its subword keep-probabilities (what the engine does)."""
import numpy as np
import torch

CLS, SEP, PAD = 2, 3, 0


def chunk_words(word_pieces, max_tokens=510, ends=None):
    """Split a list of per-word piece-id lists into windows of <= max_tokens tokens, cutting
    after the last sentence end inside a window when there is one. -> list of (start, end)."""
    out, i, n = [], 0, len(word_pieces)
    while i < n:
        tot, j, last_end = 0, i, None
        while j < n and tot + max(1, len(word_pieces[j])) <= max_tokens:
            tot += max(1, len(word_pieces[j]))
            if ends is not None and ends[j]:
                last_end = j + 1
            j += 1
        if j < n and last_end is not None and last_end > i:
            j = last_end
        if j == i:  # a single over-long word
            j = i + 1
        out.append((i, j))
        i = j
    return out


def batch_tensors(seqs):
    L = max(len(s) for s in seqs)
    ids = torch.full((len(seqs), L), PAD, dtype=torch.long)
    att = torch.zeros((len(seqs), L), dtype=torch.long)
    for r, s in enumerate(seqs):
        ids[r, :len(s)] = torch.as_tensor(s)
        att[r, :len(s)] = 1
    return ids, att


@torch.no_grad()
def word_probs(model, windows, batch_tokens=8192):
    """windows: list of lists of per-word piece-id lists (each window <= 510 tokens).
    Returns list of np arrays of word probabilities."""
    model.eval()
    order = sorted(range(len(windows)), key=lambda i: sum(len(p) for p in windows[i]))
    res = [None] * len(windows)
    k = 0
    while k < len(order):
        group = []
        L = 0
        while k < len(order):
            w = windows[order[k]]
            n = 2 + sum(len(p) for p in w)
            if group and max(L, n) * (len(group) + 1) > batch_tokens:
                break
            group.append(order[k]); L = max(L, n); k += 1
        seqs = [[CLS] + [t for p in windows[g] for t in p] + [SEP] for g in group]
        ids, att = batch_tensors(seqs)
        p = torch.softmax(model(ids, att, torch.zeros_like(ids)), -1)[..., 1].numpy()
        for r, g in enumerate(group):
            pos, wp = 1, []
            for pieces in windows[g]:
                wp.append(float(p[r, pos:pos + len(pieces)].mean()))
                pos += len(pieces)
            res[g] = np.asarray(wp)
    return res
