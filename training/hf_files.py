"""Writers for Hugging Face-format tokenizer.json / tokenizer_config.json / config.json."""
import json
import os


def _added(id_, content):
    return {"id": id_, "content": content, "single_word": False, "lstrip": False,
            "rstrip": False, "normalized": False, "special": True}


def _template(first, last, first_id, last_id):
    return {
        "type": "TemplateProcessing",
        "single": [{"SpecialToken": {"id": first, "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                   {"SpecialToken": {"id": last, "type_id": 0}}],
        "pair": [{"SpecialToken": {"id": first, "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                 {"SpecialToken": {"id": last, "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}},
                 {"SpecialToken": {"id": last, "type_id": 1}}],
        "special_tokens": {first: {"id": first, "ids": [first_id], "tokens": [first]},
                           last: {"id": last, "ids": [last_id], "tokens": [last]}},
    }


BERT_SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]


def wordpiece_tokenizer_json(vocab_list):
    """vocab_list: tokens in id order; must start with BERT_SPECIALS."""
    assert vocab_list[:5] == BERT_SPECIALS
    vocab = {t: i for i, t in enumerate(vocab_list)}
    assert len(vocab) == len(vocab_list), "duplicate tokens"
    return {
        "version": "1.0", "truncation": None, "padding": None,
        "added_tokens": [_added(i, t) for i, t in enumerate(BERT_SPECIALS)],
        "normalizer": {"type": "BertNormalizer", "clean_text": True, "handle_chinese_chars": True,
                       "strip_accents": None, "lowercase": False},
        "pre_tokenizer": {"type": "BertPreTokenizer"},
        "post_processor": _template("[CLS]", "[SEP]", vocab["[CLS]"], vocab["[SEP]"]),
        "decoder": {"type": "WordPiece", "prefix": "##", "cleanup": True},
        "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                  "max_input_chars_per_word": 100, "vocab": vocab},
    }


def bert_tokenizer_config():
    return {"tokenizer_class": "BertTokenizer", "do_lower_case": False, "tokenize_chinese_chars": True,
            "strip_accents": None, "model_max_length": 512, "clean_up_tokenization_spaces": True,
            "unk_token": "[UNK]", "sep_token": "[SEP]", "pad_token": "[PAD]", "cls_token": "[CLS]",
            "mask_token": "[MASK]"}


UNIGRAM_SPECIALS = ["<s>", "<pad>", "</s>", "<unk>"]


def unigram_tokenizer_json(pieces):
    """pieces: [(piece, logprob)] in id order; first four are <s>,<pad>,</s>,<unk>; last is <mask>."""
    assert [p for p, _ in pieces[:4]] == UNIGRAM_SPECIALS and pieces[-1][0] == "<mask>"
    mask_id = len(pieces) - 1
    added = [_added(i, t) for i, t in enumerate(UNIGRAM_SPECIALS)] + [
        dict(_added(mask_id, "<mask>"), lstrip=True)]
    return {
        "version": "1.0", "truncation": None, "padding": None,
        "added_tokens": added,
        "normalizer": {"type": "NFKC"},
        "pre_tokenizer": {"type": "Metaspace", "replacement": "\u2581", "prepend_scheme": "always", "split": True},
        "post_processor": _template("<s>", "</s>", 0, 2),
        "decoder": {"type": "Metaspace", "replacement": "\u2581", "prepend_scheme": "always", "split": True},
        "model": {"type": "Unigram", "unk_id": 3, "vocab": [[p, float(s)] for p, s in pieces],
                  "byte_fallback": False},
    }


def xlmr_tokenizer_config():
    return {"tokenizer_class": "XLMRobertaTokenizer", "model_max_length": 512,
            "clean_up_tokenization_spaces": True, "bos_token": "<s>", "eos_token": "</s>",
            "sep_token": "</s>", "cls_token": "<s>", "unk_token": "<unk>", "pad_token": "<pad>",
            "mask_token": "<mask>"}


def model_config(model_type, cfg, extra=None):
    id2label = {"0": "LABEL_0", "1": "LABEL_1"}
    c = {
        "architectures": ["BertForTokenClassification" if model_type == "bert" else "XLMRobertaForTokenClassification"],
        "model_type": model_type,
        "vocab_size": cfg["vocab_size"], "hidden_size": cfg["d"], "num_hidden_layers": cfg["layers"],
        "num_attention_heads": cfg["heads"], "intermediate_size": cfg["ff"], "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1, "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": cfg["max_pos"], "type_vocab_size": cfg["type_vocab"] if cfg["use_token_type"] else 1,
        "initializer_range": 0.02, "layer_norm_eps": 1e-12, "pad_token_id": cfg["pad_id"],
        "id2label": id2label, "label2id": {v: int(k) for k, v in id2label.items()},
        "torch_dtype": "float32",
    }
    if model_type == "xlm-roberta":
        c.update(bos_token_id=0, eos_token_id=2)
    if extra:
        c.update(extra)
    return c


def write_json(path, obj):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False, indent=1 if os.path.basename(path) != "tokenizer.json" else None)
        f.write("\n")
