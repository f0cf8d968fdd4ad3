"""Per-vocabulary categorical features (a fixed lookup table inside the model)."""
import math
import string

import numpy as np

STOP = set("""a about above after again against all am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have having he her
here hers herself him himself his how i if in into is it its itself just me more most my myself no nor not now of
off on once only or other our ours ourselves out over own same she should so some such than that the their theirs
them themselves then there these they this those through to too under until up very was we were what when where
which while who whom why will with would you your yours yourself yourselves also said says say may might must shall
uh um oh yeah okay ok mm hmm like well just so really actually right""".split())

FEAT_SIZES = [8, 3, 16, 2]  # shape, piece-kind, frequency bucket, stop word


def shape(t):
    if t.startswith("[") and t.endswith("]") and len(t) > 2:
        return 0
    s = t[2:] if t.startswith("##") else t
    if any(c.isdigit() for c in s):
        return 5
    if all(c in string.punctuation or not c.isalnum() for c in s):
        return 6
    if s.isalpha():
        if s.islower():
            return 1
        if len(s) == 1 and s.isupper():
            return 4
        if s.isupper():
            return 3
        if s[0].isupper() and s[1:].islower():
            return 2
    return 7


def table(vocab, counts):
    """vocab: list of tokens; counts: np array of corpus counts per id. -> int64 [V, 4]"""
    f = np.zeros((len(vocab), len(FEAT_SIZES)), dtype=np.int64)
    for i, t in enumerate(vocab):
        sp = t.startswith("[") and t.endswith("]") and len(t) > 2
        f[i, 0] = shape(t)
        f[i, 1] = 2 if sp else (1 if t.startswith("##") else 0)
        f[i, 2] = 0 if sp else min(15, int(math.log2(1 + counts[i])))
        f[i, 3] = 1 if (t.lower() in STOP and not t.startswith("##")) else 0
    return f


def is_punct(w):
    return not any(c.isalnum() for c in w)


# transcript markup of AMI/ICSI/QMSum ("{disfmarker}", "{vocalsound}", ...): never content
MARKUP = {"disfmarker", "vocalsound", "gap", "pause", "comment", "nonvocalsound"}


def is_stop(w):
    return w.lower() in STOP or w in MARKUP


def heuristic_keep(w):
    """weak label for conversational text: content word = 1, stop word / filler / punctuation = 0"""
    return 0 if (is_punct(w) or is_stop(w)) else 1
