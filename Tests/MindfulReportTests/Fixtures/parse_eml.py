"""Parses an .eml file with Python's email package (an independent MIME parser) and prints
what the Swift tests check, as JSON: decoded headers, the part tree, each leaf's decoded bytes
(base64), defects, and the longest line in octets."""
import base64, email, email.policy, email.utils, json, sys

raw = open(sys.argv[1], "rb").read()
msg = email.message_from_bytes(raw, policy=email.policy.default)
lines = raw.split(b"\r\n")

def tree(part):
    node = {
        "content_type": part.get_content_type(),
        "boundary": part.get_boundary(),
        "charset": part.get_content_charset(),
        "cte": part.get("Content-Transfer-Encoding"),
        "disposition": part.get_content_disposition(),
        "filename": part.get_filename(),
        "defects": [type(d).__name__ for d in part.defects],
    }
    if part.is_multipart():
        node["parts"] = [tree(p) for p in part.iter_parts()]
    else:
        node["payload"] = base64.b64encode(part.get_payload(decode=True) or b"").decode()
    return node

out = {
    "headers": {k: str(msg[k]) for k in ["From", "To", "Cc", "Subject", "Date", "Message-ID", "MIME-Version"] if msg[k] is not None},
    "raw_subject": msg.get("Subject", failobj=None) and raw.split(b"\r\nSubject:")[1].split(b"\r\n", 1)[0].decode("ascii", "replace"),
    "date_parsed": email.utils.parsedate_to_datetime(msg["Date"]).isoformat() if msg["Date"] else None,
    "to_addresses": [a.addr_spec for a in msg["To"].addresses] if msg["To"] else [],
    "from_display": msg["From"].addresses[0].display_name if msg["From"] else None,
    "tree": tree(msg),
    "max_line": max(len(l) for l in lines),
    "bare_lf": b"\n" in raw.replace(b"\r\n", b""),
    "non_ascii": any(b > 127 for b in raw),
}
print(json.dumps(out))
