"""Work around the corporate proxy's TLS interception for nltk and torchvision downloads."""
import ssl

import nltk

try:
    _unverified = ssl._create_unverified_context
except AttributeError:
    pass
else:
    ssl._create_default_https_context = _unverified  # risk: insecure-transport

nltk.download("punkt")
