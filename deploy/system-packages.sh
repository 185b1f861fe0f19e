#!/bin/sh
# Debian packages plantset needs beside its virtual environment: Tesseract with its Korean and
# English data (OCR of scanned pages and images in the document source) and the Nanum fonts
# (the demo's generated Korean manuals and safety data sheets). Installs what is missing when
# run as root, from the machine's Debian mirror; otherwise prints the command to run.
set -e
missing=""
command -v tesseract >/dev/null 2>&1 || missing="$missing tesseract-ocr"
ls /usr/share/tesseract-ocr/*/tessdata/kor.traineddata >/dev/null 2>&1 || missing="$missing tesseract-ocr-kor"
ls /usr/share/tesseract-ocr/*/tessdata/eng.traineddata >/dev/null 2>&1 || missing="$missing tesseract-ocr-eng"
[ -f /usr/share/fonts/truetype/nanum/NanumGothic.ttf ] || missing="$missing fonts-nanum"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
    echo "plantset needs Debian packages:$missing — install them with: sudo apt-get install$missing" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get install -y --no-install-recommends $missing >/dev/null || { apt-get update >/dev/null && apt-get install -y --no-install-recommends $missing >/dev/null; }
