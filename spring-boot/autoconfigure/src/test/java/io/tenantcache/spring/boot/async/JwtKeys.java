package io.tenantcache.spring.boot.async;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * The resource server's decoders (HMAC-SHA256 with a key of the test's own), and the tokens the
 * tests send. Inert while Boot's security auto-configuration is excluded (the default of this
 * module's tests).
 */
@Configuration(proxyBeanMethods = false)
public class JwtKeys {
  private static final byte[] SECRET =
      "a test key of the tenantcache starter, 256 bits or more".getBytes(StandardCharsets.UTF_8);
  private static final SecretKey KEY = new SecretKeySpec(SECRET, "HmacSHA256");

  @Bean
  JwtDecoder jwtDecoder() {
    return NimbusJwtDecoder.withSecretKey(KEY).build();
  }

  @Bean
  ReactiveJwtDecoder reactiveJwtDecoder() {
    return NimbusReactiveJwtDecoder.withSecretKey(KEY).build();
  }

  /** Returns a signed token for subject "alice" with {@code claims}, valid for five minutes. */
  public static String token(Map<String, Object> claims) {
    JWTClaimsSet.Builder set = new JWTClaimsSet.Builder().subject("alice")
        .issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(300)));
    claims.forEach(set::claim);
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), set.build());
    try {
      jwt.sign(new MACSigner(SECRET));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }
}
