// Whether the supervisor starts the http thread at all.

export interface HttpEndpointsConfig {
  prometheus: { enable: boolean; host: string; port: number; nodeMetricsHost: string; nodeMetricsPort: number };
  dockerHealthCheck: { enable: boolean; port: number };
  configVisualisation?: { enable: boolean };
}

/** True when the configuration asks for the Prometheus endpoint, the Docker health check or the web console. */
export function httpThreadWanted(config: HttpEndpointsConfig): boolean {
  return config.prometheus.enable === true || config.dockerHealthCheck.enable === true || config.configVisualisation?.enable === true;
}
