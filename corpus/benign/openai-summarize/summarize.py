import argparse
import os
import sys

import requests

API = "https://api.openai.com/v1/chat/completions"


def ask(model, prompt):
    resp = requests.post(
        API,
        headers={"Authorization": f"Bearer {os.environ['OPENAI_API_KEY']}"},
        json={"model": model, "messages": [{"role": "user", "content": prompt}], "temperature": 0.2},
        timeout=120,
    )
    resp.raise_for_status()
    return resp.json()["choices"][0]["message"]["content"]


def chunks(words, size=3000):
    for i in range(0, len(words), size):
        yield " ".join(words[i:i + size])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--model", default="gpt-4o-mini")
    ap.add_argument("--words", type=int, default=200)
    a = ap.parse_args()
    if "OPENAI_API_KEY" not in os.environ:
        sys.exit("OPENAI_API_KEY is not set")
    words = open(a.file, encoding="utf-8").read().split()
    parts = [ask(a.model, f"Summarise in {a.words} words:\n\n{c}") for c in chunks(words)]
    print(parts[0] if len(parts) == 1 else ask(a.model, "Merge these summaries:\n\n" + "\n\n".join(parts)))


if __name__ == "__main__":
    main()
