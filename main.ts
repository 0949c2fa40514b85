// Entry point for `cdk8s synth` (see cdk8s.yaml): the built-in default config,
// synthesized with the same app the CLI uses.
import { buildApp } from './lib/app';
import { loadConfig } from './lib/config/load';

buildApp(loadConfig(process.env.MOUNTPOINT_S3_SPARK_CONFIG)).synth();
