// The OTLP resource of a host's (and a probe's) telemetry: probectl as the service, the host and probe as attributes, OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES over them.
import { detectResources, envDetector, type Resource, resourceFromAttributes } from '@opentelemetry/resources';

/** The resource attribute that names the probe. */
export const PROBE_ATTRIBUTE = 'probectl.probe';

export function resourceOf(host: string, probe?: string): Resource {
  const own = resourceFromAttributes({ 'service.name': 'probectl', 'host.name': host, ...(probe === undefined ? {} : { [PROBE_ATTRIBUTE]: probe }) });
  // merge: the attributes of the resource merged in win, so what the user set in the variables takes precedence.
  return own.merge(detectResources({ detectors: [envDetector] }));
}
