"""Cased WordPiece tokenizer matching Hugging Face's BertNormalizer(lowercase=False,
strip_accents=None) + BertPreTokenizer + WordPiece(##), plus a small vocab builder."""
import collections
import unicodedata


def _is_control(c):
    if c in "\t\n\r":
        return False
    return unicodedata.category(c).startswith("C")


def _is_ws(c):
    return c in " \t\n\r" or unicodedata.category(c) == "Zs"


def _is_punct(c):
    cp = ord(c)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(c).startswith("P")


def _is_cjk(cp):
    return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x2A6DF or
            0x2A700 <= cp <= 0x2B73F or 0x2B740 <= cp <= 0x2B81F or 0x2B820 <= cp <= 0x2CEAF or
            0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F)


def normalize(text):
    out = []
    for c in text:
        cp = ord(c)
        if cp == 0 or cp == 0xFFFD or _is_control(c):
            continue
        if _is_ws(c):
            out.append(" ")
        elif _is_cjk(cp):
            out.append(" " + c + " ")
        else:
            out.append(c)
    return "".join(out)


def pre_tokenize(text):
    """BertPreTokenizer: split on whitespace, punctuation chars become single words."""
    words, cur = [], []
    for c in text:
        if _is_ws(c):
            if cur:
                words.append("".join(cur)); cur = []
        elif _is_punct(c):
            if cur:
                words.append("".join(cur)); cur = []
            words.append(c)
        else:
            cur.append(c)
    if cur:
        words.append("".join(cur))
    return words


class WordPiece:
    def __init__(self, vocab_list, unk="[UNK]", max_chars=100):
        self.vocab_list = list(vocab_list)
        self.vocab = {t: i for i, t in enumerate(self.vocab_list)}
        self.unk = unk
        self.unk_id = self.vocab[unk]
        self.max_chars = max_chars
        self.cache = {}

    def word_pieces(self, w):
        r = self.cache.get(w)
        if r is not None:
            return r
        if len(w) > self.max_chars:
            r = [self.unk]
        else:
            r, start = [], 0
            while start < len(w):
                end, cur = len(w), None
                while start < end:
                    s = w[start:end]
                    if start > 0:
                        s = "##" + s
                    if s in self.vocab:
                        cur = s
                        break
                    end -= 1
                if cur is None:
                    r = [self.unk]
                    break
                r.append(cur)
                start = end
        if len(self.cache) < 500000:
            self.cache[w] = r
        return r

    def tokenize_words(self, text):
        """-> list of (pretoken, [pieces])"""
        return [(w, self.word_pieces(w)) for w in pre_tokenize(normalize(text))]

    def encode(self, text):
        return [self.vocab[p] for _, ps in self.tokenize_words(text) for p in ps]


SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]


def build_vocab(word_counts, size, min_char_count=3):
    """word_counts: Counter of pre-tokenized words. Returns a vocab list (specials first).
    Heuristic WordPiece: all characters (+ ## forms), then frequent whole words and frequent
    word-initial prefixes / ##continuations scored by frequency x characters saved, with a
    second pass that re-scores pieces by actual use under greedy longest-match tokenization."""
    chars = collections.Counter()
    for w, c in word_counts.items():
        for ch in w:
            chars[ch] += c
    import string
    base = set(string.ascii_letters + string.digits + string.punctuation)
    charset = sorted(base | {ch for ch, c in chars.items() if c >= min_char_count})
    vocab = SPECIALS + charset + ["##" + ch for ch in charset if not _is_punct(ch)]
    budget = size - len(vocab)
    assert budget > 0
    # candidate scores
    cand = collections.Counter()
    for w, c in word_counts.items():
        if len(w) < 2 or c < 2:
            continue
        cand[w] += c * (len(w) - 1) * 1.5           # whole word bonus
        L = len(w)
        for j in range(2, min(L, 12)):
            cand[w[:j]] += c * (j - 1) * 0.5          # prefixes
        for i in range(1, L - 1):
            for j in range(i + 2, min(L, i + 9) + 1):
                cand["##" + w[i:j]] += c * (j - i - 1) * (1.0 if j == L else 0.3)
    # first pass: top 2x budget candidates
    pool = [t for t, _ in cand.most_common(budget * 2)]
    # second pass: tokenize with the pool, keep the pieces that are used most (times chars)
    wp = WordPiece(vocab + pool)
    use = collections.Counter()
    for w, c in word_counts.items():
        for p in wp.word_pieces(w):
            if p not in vocab[:len(vocab)]:
                use[p] += c * max(1, len(p.replace("##", "", 1)) - 1)
    chosen = set(t for t, _ in use.most_common(budget))
    # fill to exact size from the pool order
    for t in pool:
        if len(chosen) >= budget:
            break
        chosen.add(t)
    basic = set(vocab)
    return vocab + sorted(t for t in chosen if t not in basic)[:budget]
