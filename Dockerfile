# Butler SOS (multi-threaded edition). Build: docker build -t butler-sos-mt .
# Run:   docker run -v /path/to/config:/config -p 9996:9996/udp -p 9997:9997/udp -p 9842:9842 \
#          butler-sos-mt -c /config/production.yaml
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
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY config ./config
# Line-protocol files and the disk spool default to ./data; mount a volume there to keep them.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 9996/udp 9997/udp 9842 12398
# dockerHealthCheck.enable must be true in the config for this probe to find the endpoint.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s CMD ["node", "dist/src/http/docker-healthcheck.js"]
ENTRYPOINT ["node", "dist/src/main.js"]
CMD ["-c", "config/default.yaml"]
