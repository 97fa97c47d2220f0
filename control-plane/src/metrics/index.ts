export { createMetrics, serveMetrics, type Metrics, type MetricsStore } from './metrics';
