import { SparkApplicationConfig } from '../config/schema';

/** Whether any URI or setting of the application reads or writes through Hadoop's S3A connector. */
export function readsS3a(app: SparkApplicationConfig): boolean {
  const texts = [
    app.mainApplicationFile,
    ...app.deps.jars,
    ...app.deps.files,
    ...app.deps.pyFiles,
    ...app.arguments,
    ...Object.values(app.sparkConf),
    ...Object.values(app.hadoopConf),
  ];
  return texts.some((text) => text.includes('s3a://'));
}

/**
 * The Hadoop version of the hadoop-aws connector the application brings, as
 * a jar in deps.jars (`hadoop-aws-3.3.4.jar`) or a Maven package in
 * `spark.jars.packages` (`org.apache.hadoop:hadoop-aws:3.3.4`), or undefined.
 */
export function hadoopAwsJar(app: SparkApplicationConfig): { version: string } | undefined {
  for (const jar of app.deps.jars) {
    const match = /(?:^|\/)hadoop-aws-([0-9][0-9A-Za-z.-]*)\.jar$/.exec(jar);
    if (match) return { version: match[1] };
  }
  const packages = /(?:^|,)\s*org\.apache\.hadoop:hadoop-aws:([0-9][0-9A-Za-z.-]*)/.exec(app.sparkConf['spark.jars.packages'] ?? '');
  return packages ? { version: packages[1] } : undefined;
}

/**
 * The Hadoop release the official Apache Spark images are built with, by
 * Spark minor version (`hadoop.version` in apache/spark's pom.xml, branch-3.5).
 * hadoop-aws must be exactly that release: it calls into hadoop-common internals.
 */
export const SPARK_IMAGE_HADOOP_VERSIONS: Readonly<Record<string, string>> = { '3.5': '3.3.4' };

/** Images that are Apache Spark's own (Docker Hub `apache/spark` and the official `spark`), which have no hadoop-aws. */
export const OFFICIAL_SPARK_IMAGE = /^(?:docker\.io\/)?(?:apache\/spark|library\/spark|spark)(?::([0-9]+\.[0-9]+)?[^@]*)?(?:@.*)?$/;

/** The S3A setting that names the credential providers (`fs.s3a.aws.credentials.provider`, hadoopConf without `spark.hadoop.`). */
export const S3A_CREDENTIALS_PROVIDER = 'fs.s3a.aws.credentials.provider';

/**
 * The web-identity (IRSA) provider class for the AWS SDK of the connector:
 * hadoop-aws 3.4 moved to AWS SDK v2, earlier releases use SDK v1.
 */
export function webIdentityProvider(hadoopAwsVersion: string | undefined): string {
  const [major, minor] = (hadoopAwsVersion ?? '3.3').split('.').map(Number);
  return major > 3 || (major === 3 && minor >= 4)
    ? 'software.amazon.awssdk.auth.credentials.WebIdentityTokenFileCredentialsProvider'
    : 'com.amazonaws.auth.WebIdentityTokenCredentialsProvider';
}
