package dev.veojobs.security.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookUrlPolicyTest {
  private final FakeDns dns = new FakeDns()
      .with("example.com", "93.184.215.14")
      .with("hooks.example.com", "93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c")
      .with("internal.example.com", "10.1.2.3")
      .with("mixed.example.com", "93.184.215.14", "192.168.0.10")
      .with("meta.attacker.example", "169.254.169.254")
      .with("v6private.example.com", "fd12:3456::1")
      .with("mapped.example.com", "::ffff:10.0.0.1")
      .with("localhost", "127.0.0.1", "::1")
      .with("loop.example.com", "127.0.0.1")
      .with("loopandprivate.example.com", "127.0.0.1", "10.0.0.1");

  private final WebhookUrlPolicy strict = new WebhookUrlPolicy(dns, false);
  private final WebhookUrlPolicy loopbackAllowed = new WebhookUrlPolicy(dns, true);

  @ParameterizedTest
  @ValueSource(strings = {
      "https://127.0.0.1/hook",
      "http://example.com/hook",
      "ftp://example.com/hook",
      "https://10.0.0.1/hook",
      "https://172.16.5.4/hook",
      "https://172.31.255.255/hook",
      "https://192.168.1.1/hook",
      "https://169.254.169.254/computeMetadata/v1/",
      "https://100.64.0.1/hook",
      "https://0.0.0.0/hook",
      "https://224.0.0.1/hook",
      "https://255.255.255.255/hook",
      "https://[::1]/hook",
      "https://[::]/hook",
      "https://[fd00::1]/hook",
      "https://[fe80::1]/hook",
      "https://[ff02::1]/hook",
      "https://[::ffff:127.0.0.1]/hook",
      "https://[::ffff:a9fe:a9fe]/hook",
      "https://[::7f00:1]/hook",
      "https://[64:ff9b::a00:1]/hook",
      "https://[2002:c0a8:101::1]/hook",
      "https://[2001:0:4136:e378:8000:63bf:80ff:fffe]/hook",
      "https://[2001:db8::1]/hook",
      "https://0x7f000001/hook",
      "https://0x7F.0.0.1/hook",
      "https://2130706433/hook",
      "https://017700000001/hook",
      "https://0177.0.0.1/hook",
      "https://127.1/hook",
      "https://1.2.3.4.5/hook",
      "https://metadata.google.internal/computeMetadata/v1/",
      "https://metadata.google.internal./computeMetadata/v1/",
      "https://METADATA.GOOGLE.INTERNAL/",
      "https://metadata/computeMetadata/v1/",
      "https://localhost/hook",
      "https://app.localhost/hook",
      "https://intranet/hook",
      "https://internal.example.com/hook",
      "https://mixed.example.com/hook",
      "https://meta.attacker.example/hook",
      "https://v6private.example.com/hook",
      "https://mapped.example.com/hook",
      "https://nxdomain.example.com/hook",
      "https://user:secret@example.com/hook",
      "https://user@example.com/hook",
      "https://exa_mple.com/hook",
      "https:///hook",
      "/relative/hook",
      "not a url",
      ""})
  void rejects(String url) {
    assertThat(strict.rejectionReason(url)).as(url).isPresent();
    assertThatThrownBy(() -> strict.check(url)).isInstanceOf(UnsafeWebhookUrlException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "https://example.com/hook",
      "https://example.com./hook",
      "https://EXAMPLE.com:8443/hooks/veo?token=abc",
      "https://hooks.example.com/hook",
      "https://8.8.8.8/hook",
      "https://[2606:4700:4700::1111]/hook",
      "https://[2001:4860:4860::8888]:443/hook"})
  void acceptsPublicHttpsUrls(String url) {
    assertThat(strict.rejectionReason(url)).as(url).isEmpty();
  }

  @Test
  void returnsTheAddressesItChecked() {
    WebhookTarget target = strict.check("https://hooks.example.com/hook");
    assertThat(target.addresses()).hasSize(2);
    assertThat(target.uri().getHost()).isEqualTo("hooks.example.com");
  }

  @Test
  void theReasonNamesTheCategoryButNeverTheResolvedAddress() {
    assertThat(strict.rejectionReason("https://internal.example.com/hook")).get().asString()
        .contains("private").doesNotContain("10.1.2.3");
    assertThat(strict.rejectionReason("https://169.254.169.254/")).get().asString().contains("link-local");
  }

  @Test
  void nonCanonicalNumericHostsAreRefusedWithoutAnyLookup() {
    strict.rejectionReason("https://0x7f000001/");
    strict.rejectionReason("https://2130706433/");
    strict.rejectionReason("https://metadata.google.internal/");
    assertThat(dns.lookups).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
      "http://127.0.0.1:8080/hook",
      "https://127.0.0.1:8443/hook",
      "http://localhost:9000/hook",
      "http://[::1]:9000/hook",
      "http://loop.example.com/hook",
      "https://example.com/hook"})
  void loopbackAllowanceAcceptsLoopbackOverHttpOrHttpsAndPublicHttps(String url) {
    assertThat(loopbackAllowed.rejectionReason(url)).as(url).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
      "http://example.com/hook",
      "https://10.0.0.1/hook",
      "http://192.168.1.1/hook",
      "https://169.254.169.254/",
      "http://loopandprivate.example.com/hook",
      "https://metadata.google.internal/",
      "http://0x7f000001/hook"})
  void loopbackAllowanceRelaxesNothingElse(String url) {
    assertThat(loopbackAllowed.rejectionReason(url)).as(url).isPresent();
  }

  @Test
  void publicAddressClassificationCoversEmbeddedIpv4Forms() throws Exception {
    assertThat(PublicAddresses.isPublic(java.net.InetAddress.getByName("[2002:0808:0808::1]"))).isTrue();
    assertThat(PublicAddresses.isPublic(java.net.InetAddress.getByName("[64:ff9b::808:808]"))).isTrue();
    assertThat(PublicAddresses.isPublic(java.net.InetAddress.getByName("[2002:7f00:1::]"))).isFalse();
    assertThat(PublicAddresses.nonPublicReason(java.net.InetAddress.getByName("[2001:0:4136:e378:8000:63bf:80ff:fffe]")))
        .get().asString().contains("Teredo client").contains("loopback");
  }
}
