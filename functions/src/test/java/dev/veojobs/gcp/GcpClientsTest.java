package dev.veojobs.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GcpClientsTest {

  @Test
  void acceptsEmulatorHostsWithOrWithoutAScheme() {
    assertThat(GcpClients.hostPort("localhost:8080")).isEqualTo("localhost:8080");
    assertThat(GcpClients.hostPort("http://localhost:8080/")).isEqualTo("localhost:8080");
    assertThat(GcpClients.baseUrl("localhost:9199")).isEqualTo("http://localhost:9199");
    assertThat(GcpClients.baseUrl("http://127.0.0.1:9199/")).isEqualTo("http://127.0.0.1:9199");
  }
}
