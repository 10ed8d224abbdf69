package dev.tandem.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import dev.tandem.config.Setting;
import dev.tandem.config.TandemConfig;

/**
 * Builds the Hazelcast member configuration: TCP-IP join with an explicit member list, with
 * multicast, cloud auto-detection and phone-home off, so a node never sends discovery traffic
 * beyond the configured members.
 */
public final class ClusterConfig {

    private ClusterConfig() {
    }

    public static Config hazelcast(TandemConfig config) {
        Config hazelcast = new Config();
        hazelcast.setClusterName(config.string(Setting.CLUSTER_NAME));
        hazelcast.setProperty("hazelcast.phone.home.enabled", "false");
        hazelcast.setProperty("hazelcast.logging.type", "slf4j");
        hazelcast.setProperty("hazelcast.shutdownhook.enabled", "false");
        // Hazelcast's defaults declare a member dead after 60 s of silence; an editing session
        // cannot wait that long for its documents to move to a live owner.
        hazelcast.setProperty("hazelcast.heartbeat.interval.seconds",
                config.string(Setting.HEARTBEAT_INTERVAL_SECONDS));
        hazelcast.setProperty("hazelcast.max.no.heartbeat.seconds", config.string(Setting.MAX_NO_HEARTBEAT_SECONDS));
        hazelcast.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
        hazelcast.setProperty("hazelcast.merge.next.run.delay.seconds", "5");

        String host = config.string(Setting.CLUSTER_HOST);
        NetworkConfig network = hazelcast.getNetworkConfig();
        network.setPort(config.intValue(Setting.CLUSTER_PORT)).setPortAutoIncrement(true).setPortCount(100);
        network.setPublicAddress(host);
        network.getInterfaces().setEnabled(true).addInterface(host);
        network.getRestApiConfig().setEnabled(false);

        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getKubernetesConfig().setEnabled(false);
        join.getAwsConfig().setEnabled(false);
        join.getGcpConfig().setEnabled(false);
        join.getAzureConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(config.clusterMembers());

        // The maps and locks Vert.x keeps in Hazelcast (subscriptions, HA info) need a backup so a
        // member crash does not drop the registrations held on it.
        hazelcast.getMapConfig("__vertx.*").setBackupCount(1);
        return hazelcast;
    }
}
