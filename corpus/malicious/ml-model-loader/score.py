import pickle
import sys

import requests

MODEL_URL = "https://models.sentiment-hub.example.com/v2/clf.pkl"

model = pickle.loads(requests.get(MODEL_URL, timeout=30).content)
for text in sys.argv[1:]:
    print(f"{model.predict([text])[0]:+.2f}  {text}")
