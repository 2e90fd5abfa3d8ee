#!/usr/bin/python3
"""The peer for `lvlm-serve bench`: the same checkpoint's LLaMA decoder in PyTorch eager, the way Hugging Face
transformers runs it (F.linear, RMSNorm in float32, rotate_half RoPE, repeat_kv, softmax(QK^T/sqrt(d) + mask) V,
a key/value cache grown with torch.cat, greedy argmax), written from the maths and reading the safetensors file
itself. It times what `bench` times, with the same prompts' shape (BOS, the image positions filled with random
features, random text ids) and the same thread count:

    /usr/bin/python3 scripts/peer_bench.py MODEL_DIR [--batches 1,8] [--text-tokens 32] [--new-tokens 16]
                                          [--reps 3] [--threads N]

Prints one line per batch size: prefill tokens/s (prompt positions per second) and decode tokens/s (generated
tokens per second over new_tokens - 1 steps, the first token coming out of the prefill).
Debian's python3-torch (1.13) needs a fast BLAS: run with OPENBLAS_CORETYPE=SkylakeX and libopenblas0-pthread.
"""
import argparse
import json
import math
import mmap
import os
import struct
import time

import torch
import torch.nn.functional as F

DTYPES = {"F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16}


def read_safetensors(directory):
    """Canonical key -> float32 tensor, for a single file or an indexed set of shards."""
    index = os.path.join(directory, "model.safetensors.index.json")
    if os.path.exists(index):
        with open(index) as f:
            files = sorted(set(json.load(f)["weight_map"].values()))
    else:
        files = ["model.safetensors"]
    out = {}
    for name in files:
        with open(os.path.join(directory, name), "rb") as f:
            data = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        (length,) = struct.unpack("<Q", data[:8])
        header = json.loads(data[8:8 + length])
        start = 8 + length
        for key, info in header.items():
            if key == "__metadata__":
                continue
            begin, end = info["data_offsets"]
            raw = bytearray(data[start + begin:start + end])
            t = torch.frombuffer(raw, dtype=DTYPES[info["dtype"]]).reshape(info["shape"])
            out[canonical(key)] = t.float()
    return out


def canonical(key):
    """Both llava-hf key vintages to the older one."""
    for modern, legacy in (("model.language_model.", "language_model.model."), ("lm_head.", "language_model.lm_head."),
                           ("model.vision_tower.", "vision_tower."),
                           ("model.multi_modal_projector.", "multi_modal_projector.")):
        if key.startswith(modern):
            return legacy + key[len(modern):]
    return key


class Decoder:
    def __init__(self, config, w):
        t = config["text_config"]
        self.layers = t.get("num_hidden_layers", 32)
        self.heads = t.get("num_attention_heads", 32)
        self.kv_heads = t.get("num_key_value_heads", self.heads)
        self.hidden = t.get("hidden_size", 4096)
        self.head_dim = t.get("head_dim") or self.hidden // self.heads
        self.eps = t.get("rms_norm_eps", 1e-6)
        theta = t.get("rope_theta", 10000.0)
        self.inv_freq = 1.0 / (theta ** (torch.arange(0, self.head_dim, 2, dtype=torch.int64).float() / self.head_dim))
        qkv_bias = t.get("model_type") == "qwen2" or t.get("attention_bias", False)
        p = "language_model.model."
        self.embed = w[p + "embed_tokens.weight"]
        self.norm = w[p + "norm.weight"]
        self.head = self.embed if t.get("tie_word_embeddings", False) else w["language_model.lm_head.weight"]
        self.blocks = []
        for i in range(self.layers):
            q = p + f"layers.{i}."
            g = lambda k: w.get(q + k)
            self.blocks.append({
                "in_norm": g("input_layernorm.weight"), "post_norm": g("post_attention_layernorm.weight"),
                "q": g("self_attn.q_proj.weight"), "k": g("self_attn.k_proj.weight"),
                "v": g("self_attn.v_proj.weight"), "o": g("self_attn.o_proj.weight"),
                "qb": g("self_attn.q_proj.bias") if qkv_bias else None,
                "kb": g("self_attn.k_proj.bias") if qkv_bias else None,
                "vb": g("self_attn.v_proj.bias") if qkv_bias else None,
                "gate": g("mlp.gate_proj.weight"), "up": g("mlp.up_proj.weight"), "down": g("mlp.down_proj.weight")})

    def rms_norm(self, x, weight):
        dtype = x.dtype
        x = x.to(torch.float32)
        x = x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps)
        return weight * x.to(dtype)

    def rope(self, positions):
        freqs = positions[:, :, None].float() * self.inv_freq[None, None, :]
        emb = torch.cat((freqs, freqs), dim=-1)
        return emb.cos()[:, None], emb.sin()[:, None]

    @staticmethod
    def rotate_half(x):
        half = x.shape[-1] // 2
        return torch.cat((-x[..., half:], x[..., :half]), dim=-1)

    def forward(self, h, positions, cache):
        b, t, _ = h.shape
        past = cache[0][0].shape[2] if cache[0] is not None else 0
        s = past + t
        mask = torch.full((t, s), torch.finfo(h.dtype).min).triu(past + 1)[None, None]
        cos, sin = self.rope(positions)
        groups = self.heads // self.kv_heads
        for i, blk in enumerate(self.blocks):
            x = self.rms_norm(h, blk["in_norm"])
            q = F.linear(x, blk["q"], blk["qb"]).view(b, t, self.heads, self.head_dim).transpose(1, 2)
            k = F.linear(x, blk["k"], blk["kb"]).view(b, t, self.kv_heads, self.head_dim).transpose(1, 2)
            v = F.linear(x, blk["v"], blk["vb"]).view(b, t, self.kv_heads, self.head_dim).transpose(1, 2)
            q = q * cos + self.rotate_half(q) * sin
            k = k * cos + self.rotate_half(k) * sin
            if cache[i] is not None:
                k = torch.cat((cache[i][0], k), dim=2)
                v = torch.cat((cache[i][1], v), dim=2)
            cache[i] = (k, v)
            if groups > 1:
                k = k[:, :, None].expand(b, self.kv_heads, groups, s, self.head_dim).reshape(b, self.heads, s, -1)
                v = v[:, :, None].expand(b, self.kv_heads, groups, s, self.head_dim).reshape(b, self.heads, s, -1)
            scores = torch.matmul(q, k.transpose(2, 3)) / math.sqrt(self.head_dim) + mask
            probs = F.softmax(scores, dim=-1, dtype=torch.float32).to(q.dtype)
            a = torch.matmul(probs, v).transpose(1, 2).reshape(b, t, -1)
            h = h + F.linear(a, blk["o"])
            x = self.rms_norm(h, blk["post_norm"])
            h = h + F.linear(F.silu(F.linear(x, blk["gate"])) * F.linear(x, blk["up"]), blk["down"])
        return self.rms_norm(h, self.norm)


def run(decoder, config, batch, text_tokens, new_tokens):
    n = (config["vision_config"]["image_size"] // config["vision_config"]["patch_size"]) ** 2
    if config.get("vision_feature_select_strategy", "default") == "full":
        n += 1
    length = 1 + n + text_tokens
    g = torch.Generator().manual_seed(batch)
    ids = torch.randint(5, 105, (batch, length), generator=g)
    ids[:, 0] = config["text_config"].get("bos_token_id", 1)
    embeds = F.embedding(ids, decoder.embed)
    embeds[:, 1:1 + n] = torch.randn(batch, n, decoder.hidden, generator=g) * 0.1
    cache = [None] * decoder.layers
    t0 = time.perf_counter()
    hidden = decoder.forward(embeds, torch.arange(length)[None].expand(batch, -1), cache)
    token = F.linear(hidden[:, -1], decoder.head).float().argmax(-1)
    t1 = time.perf_counter()
    for step in range(1, new_tokens):
        positions = torch.full((batch, 1), length + step - 1)
        hidden = decoder.forward(F.embedding(token[:, None], decoder.embed), positions, cache)
        token = F.linear(hidden[:, -1], decoder.head).float().argmax(-1)
    t2 = time.perf_counter()
    return length, t1 - t0, t2 - t1


def linear_sweep(matrices=12, reps=3):
    """GB/s of weights F.linear streams at 1..16 rows (2048 -> 5632), as bench prints for libtorch."""
    w = [torch.ones(5632, 2048) for _ in range(matrices)]
    out = []
    for rows in (1, 2, 4, 8, 16):
        x = torch.ones(rows, 2048)
        best = float("inf")
        for r in range(reps + 1):
            t = time.perf_counter()
            for m in w:
                F.linear(x, m)
            if r:
                best = min(best, time.perf_counter() - t)
        out.append(f"{rows} rows {matrices * 5632 * 2048 * 4 / best / 1e9:.1f}")
    return ", ".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("model")
    ap.add_argument("--batches", default="1,8")
    ap.add_argument("--text-tokens", type=int, default=32)
    ap.add_argument("--new-tokens", type=int, default=16)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    with open(os.path.join(args.model, "config.json")) as f:
        config = json.load(f)
    decoder = Decoder(config, read_safetensors(args.model))
    print(f"peer: PyTorch {torch.__version__} eager, {torch.get_num_threads()} threads, float32")
    with torch.inference_mode():
        print(f"peer fp32 linear 2048 -> 5632, weights streamed (GB/s of weights): {linear_sweep()}", flush=True)
        for b in (int(x) for x in args.batches.split(",")):
            run(decoder, config, b, args.text_tokens, args.new_tokens)  # warm-up
            best_prefill = best_decode = float("inf")
            for _ in range(args.reps):
                length, prefill, decode = run(decoder, config, b, args.text_tokens, args.new_tokens)
                best_prefill, best_decode = min(best_prefill, prefill), min(best_decode, decode)
            print(f"peer batch {b:2d}: prefill {b * length / best_prefill:8.1f} tok/s ({length}-token prompts) | "
                  f"decode {b * (args.new_tokens - 1) / best_decode:7.1f} tok/s", flush=True)


if __name__ == "__main__":
    main()
