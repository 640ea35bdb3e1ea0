// Whether the supervisor starts the http thread at all.

export interface HttpEndpointsConfig {
  prometheus: { enable: boolean; host: string; port: number; nodeMetricsHost: string; nodeMetricsPort: number };
  dockerHealthCheck: { enable: boolean; port: number };
}

/** True when the configuration asks for the Prometheus endpoint or the Docker health check endpoint. */
export function httpThreadWanted(config: HttpEndpointsConfig): boolean {
  return config.prometheus.enable === true || config.dockerHealthCheck.enable === true;
}
