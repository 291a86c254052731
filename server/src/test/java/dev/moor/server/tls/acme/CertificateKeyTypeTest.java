package dev.moor.server.tls.acme;

import org.junit.jupiter.api.Test;

import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;

import static org.assertj.core.api.Assertions.assertThat;

class CertificateKeyTypeTest {

    @Test
    void eachTypeMakesItsKindOfKey() {
        assertThat(CertificateKeyType.EC_P256.generate().getPublic()).isInstanceOfSatisfying(ECPublicKey.class,
                key -> assertThat(key.getParams().getCurve().getField().getFieldSize()).isEqualTo(256));
        assertThat(CertificateKeyType.EC_P384.generate().getPublic()).isInstanceOfSatisfying(ECPublicKey.class,
                key -> assertThat(key.getParams().getCurve().getField().getFieldSize()).isEqualTo(384));
        assertThat(CertificateKeyType.RSA_2048.generate().getPublic()).isInstanceOfSatisfying(RSAPublicKey.class,
                key -> assertThat(key.getModulus().bitLength()).isEqualTo(2048));
        assertThat(CertificateKeyType.EC_P256.generate()).isNotEqualTo(CertificateKeyType.EC_P256.generate());
    }
}
