import java.nio.file.Path;
import org.apache.solr.embedded.JettyConfig;
import org.apache.solr.embedded.JettySolrRunner;

/**
 * Serves a real Solr 9 (solr-core in embedded Jetty) for hosts with neither Docker nor a Solr
 * package. Usage: java -cp 'lib/*:classes' SatudataSolr SOLR_HOME PORT
 * The Solr home holds solr.xml and one core per folder (core discovery); see scripts/services.
 */
public final class SatudataSolr {
  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: SatudataSolr SOLR_HOME PORT");
      System.exit(2);
    }
    Path home = Path.of(args[0]).toAbsolutePath();
    int port = Integer.parseInt(args[1]);
    JettyConfig config =
        JettyConfig.builder().setPort(port).setContext("/solr").stopAtShutdown(true).build();
    JettySolrRunner runner = new JettySolrRunner(home.toString(), config);
    runner.start();
    System.out.println("Solr "
        + JettySolrRunner.class.getPackage().getImplementationVersion() + " serving " + home + " on http://127.0.0.1:" + runner.getLocalPort() + "/solr");
    Thread.currentThread().join();
  }
}
