# The JupyterLite notebook (`npm run notebook`, the notebook suite). Sourced by setup.sh.
# Needs: the Python door's wheel build (the emscripten Rust target and .venv's maturin), the npm
# Pyodide 314 runtime (npm_deps, in setup.sh), a venv with the pinned site builder
# (notebook/requirements.txt) and the kernel's start-up wheels (notebook/kernel-wheels.txt).
# Chromium for the suite comes with the web door (setup-web.sh).
rust_targets wasm32-unknown-emscripten
python_venv

notebook_venv() {
  local venv=.cache/notebook/venv
  if [ ! -x "$venv/bin/python" ]; then say "notebook venv: creating $venv"; python3 -m venv "$venv"; fi
  # pip freeze writes jupyter_server where the pin says jupyter-server: compare normalized names.
  local norm='tr "A-Z_" "a-z-"'
  if [ -z "$(comm -23 <(grep -v '^#' notebook/requirements.txt | eval "$norm" | sort) \
        <("$venv/bin/python" -m pip freeze --disable-pip-version-check 2>/dev/null | eval "$norm" | sort))" ]; then
    say "notebook site builder (jupyterlite): present"
  else
    say "notebook site builder: pip install -r notebook/requirements.txt"
    "$venv/bin/python" -m pip install -q --disable-pip-version-check -r notebook/requirements.txt
  fi
}

# A wheel's file name spells the project with underscores (prompt_toolkit-3.0.52-...).
kernel_wheels() {
  local dir=.cache/notebook/wheels missing=() pin name
  while read -r pin; do
    [[ -z $pin || $pin == \#* ]] && continue
    name=${pin%%==*}
    compgen -G "$dir/${name//-/_}-${pin#*==}-*.whl" >/dev/null || missing+=("$pin")
  done < notebook/kernel-wheels.txt
  if [ ${#missing[@]} -eq 0 ]; then say "notebook kernel wheels: present"; return; fi
  say "notebook kernel wheels: pip download ${missing[*]}"
  mkdir -p "$dir"
  .cache/notebook/venv/bin/python -m pip download -q --disable-pip-version-check --only-binary=:all: \
    --no-deps --python-version 3.14 -d "$dir" "${missing[@]}"
}

notebook_venv
kernel_wheels
