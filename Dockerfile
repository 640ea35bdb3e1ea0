# Butler SOS (multi-threaded edition). Build: docker build -t butler-sos-mt .
# Run:   docker run -v /path/to/config:/config -v butler-sos-data:/app/data -p 9996:9996/udp -p 9997:9997/udp \
#          -p 9842:9842 butler-sos-mt -c /config/production.yaml
# Compose stacks (collector + InfluxDB + Grafana, collector + Prometheus + Grafana): deploy/compose/.
# test/integration/deploy/docker-image.test.ts runs this image's commands outside Docker and lints this file.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json ./
COPY src ./src
COPY workers ./workers
COPY bench ./bench
COPY test ./test
# prepare builds dist/; the self-link devDependency needs the sources present.
RUN npm ci --no-audit --no-fund && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
# The HEALTHCHECK below needs the health endpoint, whatever the mounted config says (an environment
# override wins over the file). Change dockerHealthCheck.port? Set BUTLER_SOS_HEALTH_PORT to match.
ENV BUTLER_SOS__DOCKERHEALTHCHECK__ENABLE=true
# Memory (docs/tuning.md "Memory", src/ops/launch-env.ts): a 2 MB young generation for the main thread only
# (worker threads keep threads.workerYoungGenerationMb), and glibc returning blocks of 128 KiB or more to the OS.
ENV NODE_OPTIONS=--max-semi-space-size=2 MALLOC_MMAP_THRESHOLD_=131072
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY config ./config
# Line-protocol files and the disk spool default to ./data; mount a volume there to keep them.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 9996/udp 9997/udp 9842 12398
# GET http://localhost:12398/health: fails when a thread is given up on or the main thread is stuck.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD ["node", "dist/src/http/docker-healthcheck.js"]
# The drain takes up to 9 s; `docker stop` waits 10 s by default (compose files set stop_grace_period: 15s).
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "dist/src/main.js"]
CMD ["-c", "config/default.yaml"]
