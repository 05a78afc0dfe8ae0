import hashlib
import sys
from pathlib import Path

import boto3

src = Path(sys.argv[1]).expanduser()
bucket, _, prefix = sys.argv[2].removeprefix("s3://").partition("/")
s3 = boto3.client("s3")
sent = skipped = 0
for p in sorted(src.rglob("*")):
    if not p.is_file():
        continue
    key = f"{prefix}/{p.relative_to(src)}".lstrip("/")
    md5 = hashlib.md5(p.read_bytes()).hexdigest()
    try:
        if s3.head_object(Bucket=bucket, Key=key)["ETag"].strip('"') == md5:
            skipped += 1
            continue
    except s3.exceptions.ClientError:
        pass
    s3.upload_file(str(p), bucket, key)
    sent += 1
print(f"uploaded {sent}, unchanged {skipped}")
