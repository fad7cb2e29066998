# SocialFlow: one binary on a small Debian runtime.
#
#   docker build -t socialflow .
#   docker run --rm -p 127.0.0.1:8080:8080 -v socialflow-data:/data socialflow serve --demo --listen 0.0.0.0:8080
#   (the demo listens on loopback unless --listen says otherwise; it warns then)
#
# Production: deploy/docker-compose.yml and docs/deployment.md.

# --- build -------------------------------------------------------------------
FROM rust:1.95-bookworm AS build
WORKDIR /src

# Dependency layer: with only the manifests, the lock file and stub sources,
# download every crate. It is rebuilt only when a manifest, Cargo.lock or a
# declared bench changes, so source edits do not download the dependencies
# again. Cargo refuses manifests without targets, hence the stubs, removed
# again before the real sources arrive. scripts/check-deploy replays this
# stage outside Docker and fails when a manifest or target file is missing.
COPY Cargo.toml Cargo.lock ./
COPY core/Cargo.toml core/
COPY adapters/crypto/Cargo.toml adapters/crypto/
COPY adapters/fakes/Cargo.toml adapters/fakes/
COPY adapters/sql/Cargo.toml adapters/sql/
COPY adapters/storage-contract/Cargo.toml adapters/storage-contract/
COPY adapters/graph/Cargo.toml adapters/graph/
COPY adapters/fs-media/Cargo.toml adapters/fs-media/
COPY adapters/smtp/Cargo.toml adapters/smtp/
COPY adapters/media-contract/Cargo.toml adapters/media-contract/
COPY adapters/s3-media/Cargo.toml adapters/s3-media/
COPY adapters/webhook-http/Cargo.toml adapters/webhook-http/
COPY apps/server/Cargo.toml apps/server/
COPY apps/server/benches apps/server/benches
COPY apps/worker/Cargo.toml apps/worker/
COPY apps/worker/benches apps/worker/benches
COPY apps/fake-graph/Cargo.toml apps/fake-graph/
RUN find . -mindepth 2 -name Cargo.toml -execdir sh -c \
      'mkdir src && echo "fn main() {}" > src/main.rs && : > src/lib.rs' \; \
 && cargo fetch --locked \
 && find . -mindepth 2 -name Cargo.toml -execdir rm -r src \;

# The sources. Migrations (sqlx::migrate!), templates, translations and static
# files are compiled into the binary, so the runtime image needs nothing else.
COPY . .
RUN cargo build --release --locked --offline --bin socialflow \
 && strip target/release/socialflow

# --- runtime -----------------------------------------------------------------
FROM debian:bookworm-slim

# ca-certificates: TLS to Instagram (the HTTP client uses the system roots).
# ffmpeg: video transcoding for publishing.
# curl: the HEALTHCHECK below (socialflow has no health subcommand, and
#       bookworm-slim ships neither curl nor wget).
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates ffmpeg curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 socialflow \
 && useradd --system --uid 10001 --gid 10001 --home-dir /data --no-create-home \
      --shell /usr/sbin/nologin socialflow \
 && install -d -m 0700 -o socialflow -g socialflow /data

COPY --from=build /src/target/release/socialflow /usr/local/bin/socialflow

USER 10001:10001
WORKDIR /data
# NO_COLOR: plain console log lines for `docker logs`. MALLOC_ARENA_MAX=2:
# glibc's allocator keeps at most two arenas instead of one per thread (up
# to 8 per core), about 5 MiB less resident memory for an idle `serve`
# (docs/performance.md, idle memory).
ENV SOCIALFLOW_DATA_DIR=/data \
    SOCIALFLOW_LISTEN=0.0.0.0:8080 \
    NO_COLOR=1 \
    MALLOC_ARENA_MAX=2
# A named volume mounted here starts with this directory's owner and mode.
VOLUME ["/data"]
EXPOSE 8080

# Liveness of `serve` (GET /healthz does not touch the database). Containers
# running `socialflow worker` serve no HTTP: disable it for them
# (`healthcheck: disable: true` in compose, `--no-healthcheck` with docker run).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["curl", "--fail", "--silent", "--show-error", "--max-time", "4", "--output", "/dev/null", "http://127.0.0.1:8080/healthz"]

# `docker stop` sends SIGTERM: in-flight requests get up to 30 s, so give the
# container more than that (compose: stop_grace_period; docker stop -t 40).
STOPSIGNAL SIGTERM
ENTRYPOINT ["socialflow"]
CMD ["serve"]
