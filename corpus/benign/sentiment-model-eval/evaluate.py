import argparse
import ast
import csv

import torch
from safetensors.torch import load_file
from transformers import AutoModelForSequenceClassification, AutoTokenizer

ap = argparse.ArgumentParser()
ap.add_argument("--weights", required=True)
ap.add_argument("--data", required=True)
ap.add_argument("--labels", default="['neg', 'pos']")
a = ap.parse_args()
labels = ast.literal_eval(a.labels)

tok = AutoTokenizer.from_pretrained("distilbert-base-uncased")
model = AutoModelForSequenceClassification.from_pretrained("distilbert-base-uncased", num_labels=len(labels))
model.load_state_dict(load_file(a.weights))
model.eval()

rows = list(csv.DictReader(open(a.data, encoding="utf-8")))
correct = 0
with torch.no_grad():
    for r in rows:
        logits = model(**tok(r["text"], return_tensors="pt", truncation=True)).logits
        correct += labels[int(logits.argmax())] == r["label"]
print(f"accuracy: {correct / len(rows):.3f} on {len(rows)} rows")
