# Runs the Worker in raw workerd (the runtime npm's `workerd` package ships), no wrangler:
#   node_modules/.bin/workerd serve edge/workerd.capnp
#   node_modules/.bin/workerd serve edge/workerd.capnp --socket-addr http=127.0.0.1:9000
# It needs edge/pkg (scripts/build-edge.sh worker). It listens on 127.0.0.1 only, sends no
# telemetry, and its Worker has no network at all (see "internet" below).
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "csv-kernels", worker = .csvKernelsWorker),
    # The default outbound of every Worker: here a network that allows no address, so a
    # global fetch() from the Worker fails instead of reaching the internet.
    (name = "internet", network = (allow = [])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:8787", http = (), service = "csv-kernels")],
);

const csvKernelsWorker :Workerd.Worker = (
  # The first module is the entry; relative imports resolve against these names.
  modules = [
    (name = "worker.mjs", esModule = embed "worker.mjs"),
    (name = "pkg/csv_kernels_web.js", esModule = embed "pkg/csv_kernels_web.js"),
    (name = "pkg/csv_kernels_web_bg.wasm", wasm = embed "pkg/csv_kernels_web_bg.wasm"),
  ],
  compatibilityDate = "2025-09-01",
  # Limits come from the process environment; unset means the defaults of the core (csv_kernels::edge::Limits)
  # (64 MiB per body, status decided after the first 1 MiB).
  bindings = [
    (name = "MAX_BODY_BYTES", fromEnvironment = "CSV_KERNELS_MAX_BODY_BYTES"),
    (name = "COMMIT_BYTES", fromEnvironment = "CSV_KERNELS_COMMIT_BYTES"),
  ],
);
