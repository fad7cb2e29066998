# SocialFlow: one static-ish binary on a small Debian runtime.
# Build:  docker build -t socialflow .
# Run:    docker run -p 8080:8080 -v socialflow-data:/data socialflow serve --demo

FROM rust:1.95-bookworm AS build
WORKDIR /src
# Cache dependencies: build once with the manifests only.
COPY Cargo.toml Cargo.lock ./
COPY core/Cargo.toml core/
COPY adapters/crypto/Cargo.toml adapters/crypto/
COPY adapters/fakes/Cargo.toml adapters/fakes/
COPY adapters/sqlite/Cargo.toml adapters/sqlite/
COPY adapters/mariadb/Cargo.toml adapters/mariadb/
COPY adapters/storage-contract/Cargo.toml adapters/storage-contract/
COPY adapters/graph/Cargo.toml adapters/graph/
COPY apps/server/Cargo.toml apps/server/
COPY apps/worker/Cargo.toml apps/worker/
COPY apps/fake-graph/Cargo.toml apps/fake-graph/
RUN cargo fetch --locked
# Then the sources; migrations, templates, translations and static files are
# compiled into the binary.
COPY . .
RUN cargo build --release --locked --bin socialflow \
 && strip target/release/socialflow

FROM debian:bookworm-slim
# ca-certificates: TLS to Instagram; ffmpeg: video transcoding (publishing);
# curl: the container health check.
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates ffmpeg curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin socialflow \
 && mkdir -p /data && chown socialflow:socialflow /data && chmod 700 /data
COPY --from=build /src/target/release/socialflow /usr/local/bin/socialflow
USER socialflow
ENV SOCIALFLOW_DATA_DIR=/data \
    SOCIALFLOW_LISTEN=0.0.0.0:8080
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
  CMD curl -fsS http://127.0.0.1:8080/healthz || exit 1
ENTRYPOINT ["socialflow"]
CMD ["serve"]
