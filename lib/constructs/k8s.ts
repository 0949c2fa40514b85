/**
 * cdk8s-plus-28's L1 classes (`k8s.Kube*`) without the rest of the package:
 * its index also loads every L2 construct, which the constructs here do not
 * use, and that alone costs a twentieth of a second of each synth.
 */
export * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
