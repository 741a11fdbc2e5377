package dev.sockeye.api;

import static dev.sockeye.api.testing.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import dev.sockeye.api.testing.Api;
import dev.sockeye.store.PolicyStore;
import dev.sockeye.store.tokens.Role;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class EgressApiTest {

    @Inject
    PolicyStore store;

    String developer;
    String function;
    String egress;

    @BeforeEach
    void function() {
        developer = Api.token(store, Role.DEVELOPER);
        function = Api.createFunction(developer, Api.unique("eg"));
        egress = "/api/v1/functions/" + function + "/egress";
    }

    @Test
    void newFunctionStartsDenyingEverythingAtRevisionZero() {
        as(developer)
                .get(egress)
                .then()
                .statusCode(200)
                .body("rules", empty())
                .body("mode", equalTo("enforce"))
                .body("revision", equalTo(0));
    }

    @Test
    void replaceBasedOnTheCurrentRevisionWinsAndAStaleOneIsA409() {
        as(developer)
                .body("{\"rules\": [\"https://api.example.com\"], \"revision\": 0}")
                .put(egress)
                .then()
                .statusCode(200)
                .body("revision", equalTo(1))
                .body("rules[0]", equalTo("https://api.example.com"));
        as(developer)
                .body("{\"rules\": [\"tcp://db.example.com:5432\"], \"revision\": 0}")
                .put(egress)
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("is at revision 1, not 0"));
        assertThat(store.egressPolicies().get(function).rules()).containsExactly("https://api.example.com");
    }

    @Test
    void replaceWithoutRevisionIsA400NamingIt() {
        as(developer).body("{\"rules\": []}").put(egress).then().statusCode(400).body("field", equalTo("revision"));
    }

    @Test
    void rulesThatDoNotParseAreA422WithEachMessageAndStoreNothing() {
        as(developer)
                .body("""
                {"rules": ["https://ok.example.com", "tcp://example.com", "tcp://example.com:65536"], "revision": 0}""")
                .put(egress)
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("errors", hasSize(2))
                .body("errors[0].field", equalTo("rules[1]"))
                .body("errors[0].value", equalTo("tcp://example.com"))
                .body("errors[0].message", containsString("port"))
                .body("errors[1].field", equalTo("rules[2]"))
                .body("errors[1].message", containsString("65535"));
        assertThat(store.egressPolicies().get(function).revision()).isZero();
    }

    @Test
    void addAndRemoveOneRule() {
        as(developer)
                .body("{\"rule\": \"tcp://127.0.0.1:9000\"}")
                .post(egress + "/rules")
                .then()
                .statusCode(200)
                .body("rules", hasSize(1))
                .body("revision", equalTo(1));
        as(developer)
                .body("{\"rule\": \"udp://10.0.0.0/8:53\"}")
                .post(egress + "/rules")
                .then()
                .statusCode(200)
                .body("rules", hasSize(2));
        as(developer)
                .queryParam("rule", "tcp://127.0.0.1:9000")
                .delete(egress + "/rules")
                .then()
                .statusCode(200)
                .body("rules", equalTo(java.util.List.of("udp://10.0.0.0/8:53")));
        as(developer)
                .queryParam("rule", "tcp://127.0.0.1:9000")
                .delete(egress + "/rules")
                .then()
                .statusCode(404);
        as(developer)
                .body("{\"rule\": \"*\"}")
                .post(egress + "/rules")
                .then()
                .statusCode(422)
                .body("errors[0].message", containsString("bare *"));
    }

    @Test
    void addingARuleBasedOnAStaleRevisionIsA409() {
        as(developer)
                .body("{\"rule\": \"tcp://127.0.0.1:9000\"}")
                .post(egress + "/rules")
                .then()
                .statusCode(200);
        as(developer)
                .body("{\"rule\": \"tcp://127.0.0.1:9001\", \"revision\": 0}")
                .post(egress + "/rules")
                .then()
                .statusCode(409);
    }

    @Test
    void modeLearnAndHistoryKeepsEveryWrite() {
        as(developer)
                .body("{\"rule\": \"tcp://127.0.0.1:9000\"}")
                .post(egress + "/rules")
                .then()
                .statusCode(200);
        as(developer)
                .body("{\"mode\": \"learn\"}")
                .put(egress + "/mode")
                .then()
                .statusCode(200)
                .body("mode", equalTo("learn"))
                .body("revision", equalTo(2));
        as(developer)
                .body("{\"mode\": \"sometimes\"}")
                .put(egress + "/mode")
                .then()
                .statusCode(400)
                .body("field", equalTo("mode"));
        as(developer)
                .get(egress + "/history")
                .then()
                .statusCode(200)
                .body("", hasSize(2))
                .body("[0].revision", equalTo(2))
                .body("[0].modeBefore", equalTo("enforce"))
                .body("[0].modeAfter", equalTo("learn"))
                .body("[1].rulesAfter[0]", equalTo("tcp://127.0.0.1:9000"))
                .body("[1].changedBy", containsString("token:"));
    }

    @Test
    void broadRulesComeWithAWarning() {
        as(developer)
                .body("{\"rules\": [\"*://*:*\"], \"revision\": 0}")
                .put(egress)
                .then()
                .statusCode(200)
                .body("warnings[0]", containsString("any host"));
    }

    @Test
    void checkAnswersWithTheRuleOrTheReason() {
        as(developer)
                .body("{\"rules\": [\"tcp://*.example.com:5432\", \"udp://10.0.0.0/8:53\"], \"revision\": 0}")
                .put(egress)
                .then()
                .statusCode(200);
        as(developer)
                .body("{\"host\": \"db.example.com\", \"port\": 5432, \"protocol\": \"tcp\"}")
                .urlEncodingEnabled(false)
                .post(egress + ":check")
                .then()
                .statusCode(200)
                .body("allowed", equalTo(true))
                .body("rule", equalTo("tcp://*.example.com:5432"));
        as(developer)
                .body("{\"host\": \"example.com\", \"port\": 5432}")
                .urlEncodingEnabled(false)
                .post(egress + ":check")
                .then()
                .statusCode(200)
                .body("allowed", equalTo(false))
                .body("rule", nullValue())
                .body("reason", containsString("no rule allows tcp port 5432 of example.com"));
        as(developer)
                .body("{\"host\": \"10.1.2.3\", \"port\": 53, \"protocol\": \"udp\"}")
                .urlEncodingEnabled(false)
                .post(egress + ":check")
                .then()
                .statusCode(200)
                .body("allowed", equalTo(true));
        as(developer)
                .body("{\"destination\": \"tcp://169.254.169.254:80\"}")
                .urlEncodingEnabled(false)
                .post(egress + ":check")
                .then()
                .statusCode(200)
                .body("allowed", equalTo(false))
                .body("reason", containsString("deny list"));
        as(developer)
                .body("{\"host\": \"db.example.com\", \"port\": 70000}")
                .urlEncodingEnabled(false)
                .post(egress + ":check")
                .then()
                .statusCode(400)
                .body("field", equalTo("port"));
    }

    @Test
    void allowAddsTheNarrowestRuleForADeniedDestinationOnce() {
        as(developer)
                .body("{\"destination\": \"tcp://10.0.0.5:5432\"}")
                .post(egress + "/allow")
                .then()
                .statusCode(200)
                .body("rule", equalTo("tcp://10.0.0.5:5432"))
                .body("added", equalTo(true))
                .body("policy.rules", hasSize(1))
                .body("policy.revision", equalTo(1));
        as(developer)
                .body("{\"destination\": \"udp://[2001:db8::1]:53\"}")
                .post(egress + "/allow")
                .then()
                .statusCode(200)
                .body("rule", equalTo("udp://[2001:db8:0:0:0:0:0:1]:53"));
        // Already there: nothing is written, the answer says which rule admits it.
        as(developer)
                .body("{\"destination\": \"tcp://10.0.0.5:5432\"}")
                .post(egress + "/allow")
                .then()
                .statusCode(200)
                .body("added", equalTo(false))
                .body("policy.revision", equalTo(2));
        assertThat(store.egressPolicies().get(function).rules())
                .containsExactly("tcp://10.0.0.5:5432", "udp://[2001:db8:0:0:0:0:0:1]:53");
    }

    @Test
    void allowRefusesWhatNoSingleRuleAdmitsExactly() {
        as(developer)
                .body("{\"destination\": \"dns:evil.example\"}")
                .post(egress + "/allow")
                .then()
                .statusCode(400)
                .body("detail", containsString("names no port"));
        as(developer)
                .body("{\"destination\": \"tcp://10.0.0.0/8:22\"}")
                .post(egress + "/allow")
                .then()
                .statusCode(400)
                .body("detail", containsString("one host or address"));
        as(developer)
                .body("{}")
                .post(egress + "/allow")
                .then()
                .statusCode(400)
                .body("detail", containsString("destination is required"));
        as(Api.token(store, Role.VIEWER))
                .body("{\"destination\": \"tcp://10.0.0.5:5432\"}")
                .post(egress + "/allow")
                .then()
                .statusCode(403);
        assertThat(store.egressPolicies().get(function).rules()).isEmpty();
    }

    @Test
    void aDryRunChecksRulesAndWarnsWithoutWriting() {
        as(developer)
                .body("{\"rules\": [\"*://*:*\", \"tcp://db.internal:5432\"]}")
                .put(egress + "?dryRun=true")
                .then()
                .statusCode(200)
                .body("rules", hasSize(2))
                .body("revision", equalTo(0))
                .body("warnings", hasSize(1));
        as(developer)
                .body("{\"rules\": [\"tcp://db.internal\"]}")
                .put(egress + "?dryRun=true")
                .then()
                .statusCode(422)
                .body("errors[0].field", equalTo("rules[0]"));
        assertThat(store.egressPolicies().get(function).revision()).isZero();
    }

    @Test
    void egressOfUnknownFunctionIsA404() {
        as(developer).get("/api/v1/functions/nope-nope/egress").then().statusCode(404);
    }
}
