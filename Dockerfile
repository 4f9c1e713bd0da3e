# syntax=docker/dockerfile:1
# The flightdeck server: `docker build -t flightdeck .` from the repository root. BuildKit
# reads Dockerfile.dockerignore for this file (the root .dockerignore is the mcp image's).
# Run it with FLIGHTDECK_REPO_URL (the repository it releases) and AWS credentials; the
# data directory is a volume: journal, state, workspaces, the admin token, plugins.

# The engine: the pulumi CLI and its nodejs language host, from the same pinned Go modules
# `npm run bootstrap` builds, stamped with their version (the Automation API reads it).
FROM golang:1.25-bookworm AS engine
COPY toolchain/pulumi-cli /src/pulumi-cli
COPY toolchain/pulumi-language-nodejs /src/pulumi-language-nodejs
WORKDIR /src/pulumi-cli
RUN version=$(go list -m -f '{{.Version}}' github.com/pulumi/pulumi/pkg/v3) \
 && go build -mod=readonly -buildvcs=false -trimpath -o /out/pulumi \
      -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=${version}" \
      github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
WORKDIR /src/pulumi-language-nodejs
RUN go build -mod=readonly -buildvcs=false -trimpath -o /out/pulumi-language-nodejs \
      github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs

# Dependencies from the lockfile (the full image compiles better-sqlite3 if it must), then
# the dashboard. The server runs its TypeScript through tsx, so dev dependencies stay.
FROM node:20-bookworm AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build:dashboard

FROM node:20-bookworm-slim
# git materializes released commits; ssh reaches git@ remotes; bubblewrap confines the
# released commit's code (README, "Security model"). As the unprivileged user below, the
# sandbox is an unprivileged user namespace, which the container must be allowed to make:
#   docker run --security-opt seccomp=unconfined --security-opt apparmor=unconfined \
#     --security-opt systempaths=unconfined …
# (Docker's default seccomp profile refuses new namespaces, AppArmor may refuse user
# namespaces, and its masked /proc paths keep a fresh /proc from being mounted), on a
# host whose kernel allows unprivileged user namespaces. Run as root (--user 0) with the
# same options to give released code a uid of its own (FLIGHTDECK_SANDBOX_UID). Where
# none of this can be had, FLIGHTDECK_SANDBOX=off runs it unconfined, with a warning.
RUN apt-get update \
 && apt-get install -y --no-install-recommends git openssh-client ca-certificates bubblewrap \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin flightdeck \
 && mkdir /data && chown flightdeck /data
COPY --from=engine /out/ /usr/local/bin/
# Owned by root: the server cannot change its own code.
COPY --from=build /app /app
WORKDIR /app
ENV HOST=0.0.0.0 \
    PORT=3000 \
    FLIGHTDECK_DATA_DIR=/data \
    PULUMI_SKIP_UPDATE_CHECK=true
USER flightdeck
VOLUME /data
EXPOSE 3000
# Ready, not just alive: the CLI, plugins, AWS, the data directory, the state backend and
# the sandbox.
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/health/ready`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--import", "tsx", "automation/server.ts"]
