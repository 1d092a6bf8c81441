# syntax=docker/dockerfile:1
# Container image for any Mesh project (spec 08 §16.4; guide: docs/deploy.md).
#
# Two build contexts:
#   * the default context: the project directory (or a directory above it; then pass
#     --build-arg APP=<path of the project inside it>);
#   * the context named `mesh`: a checkout of the Mesh repository. Its toolchain is
#     installed in the build stage, so the image needs nothing from the network but
#     Debian and PyPI packages.
#
#   docker build -f /path/to/mesh/packaging/Dockerfile.app \
#     --build-context mesh=/path/to/mesh -t orders /path/to/orders
#
# BuildKit is required (cache mounts and named contexts; the default builder of
# Docker 23 and newer). The caches keep pip downloads, ccache and Nuitka's cache
# between builds, so a rebuild after a source change takes about a minute and a half
# instead of five.

FROM python:3.11-slim-bookworm AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends gcc libc6-dev patchelf ccache \
 && rm -rf /var/lib/apt/lists/*
# constraints.txt pins every dependency to the versions CI tested (scripts/lock).
COPY --from=mesh pyproject.toml README.md constraints.txt /opt/mesh/
COPY --from=mesh mesh /opt/mesh/mesh
RUN --mount=type=cache,target=/root/.cache/pip \
    pip install -c /opt/mesh/constraints.txt "/opt/mesh[release]"
ARG APP=.
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.cache mesh build "$APP" --release -o /out/app

# Debian 12 like the build stage, so the binary's glibc matches; no Python, no compiler.
FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --create-home mesh
COPY --from=build /out/app /usr/local/bin/app
# The onefile binary unpacks itself under the user's ~/.cache on first start.
USER mesh
ENV PORT=8080 MESH_CLUSTER_PORT=4370
EXPOSE 8080 4370
ENTRYPOINT ["/usr/local/bin/app"]
