import { configSchema } from '../config/schema';

/** The version `check` uses when none is given: the config's default cluster.kubernetesVersion. */
export const DEFAULT_KUBERNETES_VERSION: string = configSchema.properties.cluster.properties.kubernetesVersion.default;
