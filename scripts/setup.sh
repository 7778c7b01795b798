#!/usr/bin/env bash
# Installs what building and testing need (see TOOLCHAIN notes in the README), skipping what is
# already there. Safe to run again and again: `make demo` and `make test` run it first.
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_PACK_VERSION=0.15.1
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '\033[1msetup:\033[0m %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# 1. Rust: the wasm target and the lint tools.
installed_targets=$(rustup target list --installed)
if ! grep -qx wasm32-unknown-unknown <<<"$installed_targets"; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
for component in rustfmt clippy; do
  if ! rustup component list --installed | grep -q "^$component"; then
    say "adding $component"
    rustup component add "$component"
  fi
done

# 2. wasm-bindgen CLI, exactly the version Cargo.lock pins (wasm-pack uses it from PATH; its own
#    download cannot reach GitHub here).
wbg_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$wbg_version" ]; then
  say "installing wasm-bindgen-cli $wbg_version (about 2 minutes)"
  # --locked can fail when the registry mirror lacks a crate version its lockfile names.
  cargo install --locked --force wasm-bindgen-cli --version "$wbg_version" \
    || cargo install --force wasm-bindgen-cli --version "$wbg_version"
fi

# 3. wasm-pack.
if ! wasm-pack --version >/dev/null 2>&1; then
  say "installing wasm-pack $WASM_PACK_VERSION (about 2-4 minutes)"
  cargo install --locked wasm-pack --version "$WASM_PACK_VERSION" \
    || cargo install wasm-pack --version "$WASM_PACK_VERSION"
fi

# 4. cargo-fuzz, for the fuzz targets in fuzz/ (run with the machine's nightly toolchain).
if ! cargo fuzz --version >/dev/null 2>&1; then
  say "installing cargo-fuzz (about 1 minute)"
  cargo install --locked cargo-fuzz || cargo install cargo-fuzz
fi
if ! rustup toolchain list | grep -q '^nightly'; then
  say "installing the nightly toolchain for cargo-fuzz and the package build"
  rustup toolchain install nightly --profile minimal
fi
# wasm-pack checks that the toolchain it builds with (nightly, for make pkg) has the wasm32
# target, and would otherwise add it itself in the middle of the build.
if ! rustup target list --toolchain nightly --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target to the nightly toolchain (for make pkg's wasm-pack)"
  rustup target add wasm32-unknown-unknown --toolchain nightly
fi
# The package's .wasm rebuilds std (make pkg: -Zbuild-std), which needs nightly's std sources.
if ! rustup component list --toolchain nightly --installed 2>/dev/null | grep -q '^rust-src'; then
  say "adding rust-src to the nightly toolchain (for make pkg's -Zbuild-std)"
  rustup component add rust-src --toolchain nightly
fi

# 4b. twiggy, for `make bench`'s account of what weighs in the .wasm.
if ! twiggy --version >/dev/null 2>&1; then
  say "installing twiggy (about 1 minute)"
  cargo install --locked twiggy || cargo install twiggy
fi

# 5. From Debian, in one apt pass: headless Chromium and its driver (browser downloads fail
#    here), and a CJK font so that the demo page and its screenshots show Chinese names.
debs=()
[ -x /usr/bin/chromium ] || debs+=(chromium)
[ -x /usr/bin/chromedriver ] || debs+=(chromium-driver)
dpkg -s fonts-wqy-microhei >/dev/null 2>&1 || debs+=(fonts-wqy-microhei)
if [ ${#debs[@]} -gt 0 ]; then
  say "installing from Debian: ${debs[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${debs[@]}" >/dev/null
fi

# 6. Node tools (wasm-opt from npm's binaryen: Debian's is too old and breaks the output), into
#    tools/node_modules. Reinstalled only when tools/package-lock.json changes.
stamp=tools/node_modules/.installed-from
lock_sum=$(sha256sum tools/package-lock.json | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$lock_sum" ]; then
  say "installing node tools (npm ci in tools/)"
  (cd tools && npm ci --no-audit --no-fund --loglevel=error)
  echo "$lock_sum" >"$stamp"
fi

say "ready: $(rustc --version | cut -d' ' -f1-2), wasm-bindgen $wbg_version, $(wasm-pack --version), $(tools/node_modules/.bin/wasm-opt --version | cut -d' ' -f1-3), node $(node --version)"
