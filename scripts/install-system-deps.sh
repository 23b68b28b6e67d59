#!/bin/sh
# Installs the system libraries trainer loads at run time: libespeak-ng (pyttsx3's espeak
# driver) and libportaudio (sounddevice). Debian/Ubuntu: apt-get, with sudo when not root.
# Elsewhere: says exactly what to install and carries on. With --test it also installs
# Chromium, which the tests drive headless: the HTML progress report, and `trainer ui`'s page
# (through Playwright, pointed at /usr/bin/chromium; it never downloads a browser).
set -eu

PACKAGES="espeak-ng libportaudio2"
NEED_BROWSER=0
if [ "${1:-}" = "--test" ]; then NEED_BROWSER=1; fi

have_lib() { ldconfig -p 2>/dev/null | grep -q "$1"; }

if [ "$NEED_BROWSER" = 1 ] && ! command -v chromium >/dev/null 2>&1; then
    PACKAGES="$PACKAGES chromium"
elif have_lib libespeak-ng.so && have_lib libportaudio.so && command -v espeak-ng >/dev/null 2>&1; then
    exit 0
fi

case "$(uname -s)" in
Linux)
    if command -v apt-get >/dev/null 2>&1; then
        SUDO=""
        if [ "$(id -u)" -ne 0 ]; then
            if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
                echo "trainer: need root to install espeak-ng and libportaudio2: run 'apt-get install espeak-ng libportaudio2' as root" >&2
                exit 1
            fi
        fi
        echo "trainer: installing system packages ($PACKAGES) with apt-get"
        $SUDO apt-get update -qq
        # shellcheck disable=SC2086
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $PACKAGES >/dev/null
    else
        echo "trainer: please install with your package manager: espeak-ng (library libespeak-ng), PortAudio (libportaudio2), and for the tests Chromium" >&2
    fi
    ;;
Darwin)
    echo "trainer: on macOS speech uses the system voices; for the microphone run 'brew install portaudio'" ;;
*)
    echo "trainer: please install espeak-ng and PortAudio for your system" >&2 ;;
esac
