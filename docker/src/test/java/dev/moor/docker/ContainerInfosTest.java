package dev.moor.docker;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ContainerInfosTest {

    @Test
    void readsDockerTimesAndTreatsTheZeroTimeAsNever() {
        assertThat(ContainerInfos.time("2026-05-07T21:09:36.123456789Z"))
                .contains(Instant.parse("2026-05-07T21:09:36.123456789Z"));
        assertThat(ContainerInfos.time("0001-01-01T00:00:00Z")).isEmpty();
        assertThat(ContainerInfos.time("")).isEmpty();
        assertThat(ContainerInfos.time(null)).isEmpty();
        assertThat(ContainerInfos.time("yesterday")).isEmpty();
    }

    @Test
    void reportsTheLowestPublishedTcpPortOnAReachableAddress() {
        Ports ports = new Ports();
        ports.bind(ExposedPort.udp(53), Ports.Binding.bindIpAndPort("127.0.0.1", 40000));
        ports.bind(ExposedPort.tcp(9090), Ports.Binding.bindIpAndPort("127.0.0.1", 40001));
        ports.bind(ExposedPort.tcp(8080), Ports.Binding.bindIpAndPort("::", 40002));
        ports.bind(ExposedPort.tcp(8080), Ports.Binding.bindIpAndPort("0.0.0.0", 40002));

        assertThat(ContainerInfos.publishedPort(ports)).contains(new InetSocketAddress("127.0.0.1", 40002));
    }

    @Test
    void reportsAddressesAsPublished() {
        Ports ipv6 = new Ports(ExposedPort.tcp(8080), Ports.Binding.bindIpAndPort("::", 40003));
        Ports specific = new Ports(ExposedPort.tcp(8080), Ports.Binding.bindIpAndPort("10.1.2.3", 40004));

        assertThat(ContainerInfos.publishedPort(ipv6)).contains(new InetSocketAddress("::1", 40003));
        assertThat(ContainerInfos.publishedPort(specific)).contains(new InetSocketAddress("10.1.2.3", 40004));
    }

    @Test
    void hasNoPublishedPortWhenNothingIsBound() {
        Ports exposedOnly = new Ports();
        exposedOnly.bind(ExposedPort.tcp(8080), null);

        assertThat(ContainerInfos.publishedPort(exposedOnly)).isEmpty();
        assertThat(ContainerInfos.publishedPort(new Ports())).isEmpty();
        assertThat(ContainerInfos.publishedPort(null)).isEmpty();
    }
}
