package dev.sockeye.api.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.not;

import dev.sockeye.api.testing.Api;
import dev.sockeye.api.testing.EventStreams;
import dev.sockeye.api.testing.ReplyServer;
import dev.sockeye.store.PolicyStore;
import dev.sockeye.store.audit.InvocationEntry;
import dev.sockeye.store.errors.StoreException;
import dev.sockeye.store.tokens.Role;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.Cookie;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ConsoleTest {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    @Inject
    PolicyStore store;

    @TestHTTPResource("/")
    URI base;

    /** A signed-in browser: its session cookie and the CSRF token its pages carry. */
    record Browser(Cookie session, String csrf) {
        RequestSpecification request() {
            return RestAssured.given().redirects().follow(false).cookie(session.getName(), session.getValue());
        }
    }

    @Test
    void rootRedirectsToTheConsole() {
        RestAssured.given()
                .redirects()
                .follow(false)
                .get("/")
                .then()
                .statusCode(302)
                .header("Location", endsWith("/console/functions"));
    }

    @Test
    void withoutASessionTheConsoleSendsToSignIn() {
        RestAssured.given()
                .redirects()
                .follow(false)
                .get("/console/functions")
                .then()
                .statusCode(303)
                .header("Location", endsWith("/console/sign-in"));
    }

    @Test
    void signingInSetsAnHttpOnlySameSiteStrictSessionCookie() {
        Response signedIn = signInResponse(Api.token(store, Role.DEVELOPER));
        assertThat(signedIn.statusCode()).isEqualTo(303);
        Cookie session = signedIn.getDetailedCookie("sockeye_session");
        assertThat(session.getValue()).hasSizeGreaterThan(30);
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getSameSite()).isEqualToIgnoringCase("Strict");
        // Served over plain http here, so not Secure (the browser would drop it on http).
        assertThat(session.isSecured()).isFalse();
        assertThat(session.getPath()).isEqualTo("/console");
        assertThat(session.getValue()).doesNotContain("sockeye_");
    }

    @Test
    void overHttpsTheSessionCookieIsSecure() {
        Response form = RestAssured.given().header("X-Forwarded-Proto", "https").get("/console/sign-in");
        assertThat(form.getDetailedCookie("sockeye_sign_in").isSecured()).isTrue();
        Response signedIn = RestAssured.given()
                .redirects()
                .follow(false)
                .header("X-Forwarded-Proto", "https")
                .cookie("sockeye_sign_in", form.getCookie("sockeye_sign_in"))
                .formParam("csrf", csrf(form.body().asString()))
                .formParam("token", Api.token(store, Role.VIEWER))
                .post("/console/sign-in");
        assertThat(signedIn.statusCode()).isEqualTo(303);
        Cookie session = signedIn.getDetailedCookie("sockeye_session");
        assertThat(session.isSecured()).isTrue();
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getSameSite()).isEqualToIgnoringCase("Strict");
    }

    @Test
    void anUnknownTokenIsRefusedOnTheSignInPage() {
        Response refused = signInResponse("sockeye_not-a-real-token");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body().asString()).contains("the API token is unknown or revoked");
        assertThat(refused.getDetailedCookie("sockeye_session")).isNull();
    }

    @Test
    void signInWithoutItsCsrfTokenIsRefused() {
        RestAssured.given()
                .redirects()
                .follow(false)
                .formParam("token", Api.token(store, Role.ADMIN))
                .post("/console/sign-in")
                .then()
                .statusCode(403)
                .header("Set-Cookie", not(containsString("sockeye_session=")));
    }

    @Test
    void aFormWithoutTheSessionsCsrfTokenIsRefusedWith403() {
        Browser browser = signIn(Api.token(store, Role.DEVELOPER));
        String name = Api.unique("csrf");
        browser.request()
                .formParam("name", name)
                .post("/console/functions")
                .then()
                .statusCode(403)
                .body(containsString("CSRF"));
        browser.request()
                .formParam("name", name)
                .formParam("csrf", "forged")
                .post("/console/functions")
                .then()
                .statusCode(403);
        Assertions.assertThatThrownBy(() -> store.functions().get(name)).isInstanceOf(StoreException.NotFound.class);
    }

    @Test
    void aDeveloperCreatesAFunctionFromTheForm() {
        Browser browser = signIn(Api.token(store, Role.DEVELOPER));
        String name = Api.unique("form");
        browser.request()
                .formParam("csrf", browser.csrf())
                .formParam("name", name)
                .formParam("routes", "/" + name)
                .formParam("visibility", "public")
                .post("/console/functions")
                .then()
                .statusCode(303)
                .header("Location", endsWith("/console/functions/" + name));
        assertThat(store.functions().get(name).routes()).containsExactly("/" + name);
        browser.request()
                .get("/console/functions/" + name)
                .then()
                .statusCode(200)
                .body(containsString("Add a rule"), containsString("Upload"));
    }

    @Test
    void aViewerSeesNoEditControlsAndTheServerRefusesItsEdits() {
        String developer = Api.token(store, Role.DEVELOPER);
        String name = Api.createFunction(developer, Api.unique("viewed"));
        Browser viewer = signIn(Api.token(store, Role.VIEWER));
        String list = viewer.request()
                .get("/console/functions")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(list).contains(name).doesNotContain("Create a function").doesNotContain("Delete");
        String page = viewer.request()
                .get("/console/functions/" + name)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(page).doesNotContain("Add a rule").doesNotContain("Upload").doesNotContain("Activate");
        viewer.request()
                .formParam("csrf", viewer.csrf())
                .formParam("rule", "tcp://db.internal:5432")
                .post("/console/functions/" + name + "/egress/rules")
                .then()
                .statusCode(403)
                .body(containsString("has role viewer"));
        viewer.request()
                .formParam("csrf", viewer.csrf())
                .post("/console/functions/" + name + "/delete")
                .then()
                .statusCode(403);
        assertThat(store.egressPolicies().get(name).rules()).isEmpty();
        assertThat(store.functions().get(name).name()).isEqualTo(name);
    }

    @Test
    void revokingTheTokenEndsTheSession() {
        String tokenName = Api.unique("revoked");
        String token = store.tokens().issue(tokenName, Role.DEVELOPER, "test").plainText();
        Browser browser = signIn(token);
        browser.request().get("/console/functions").then().statusCode(200);
        store.tokens().revoke(tokenName);
        browser.request()
                .get("/console/functions")
                .then()
                .statusCode(303)
                .header("Location", endsWith("/console/sign-in"));
        // The session is gone, not only refused once.
        browser.request().get("/console/functions").then().statusCode(303);
    }

    @Test
    void anOpenFeedSaysSignedOutAndEndsWhenItsTokenIsRevoked() throws Exception {
        String tokenName = Api.unique("feed-revoked");
        Browser browser =
                signIn(store.tokens().issue(tokenName, Role.VIEWER, "test").plainText());
        HttpResponse<InputStream> live = stream(browser, "/console/denials/stream");
        assertThat(live.statusCode()).isEqualTo(200);
        CompletableFuture<String> rest = CompletableFuture.supplyAsync(() -> EventStreams.untilEnd(live));
        store.tokens().revoke(tokenName);
        // Ends by itself (sockeye.console.feed-session-check is 1 s in tests): the last event says why.
        assertThat(rest.get(30, TimeUnit.SECONDS))
                .containsPattern("event: ?signed-out")
                .contains("data:<strong>Signed out</strong>: the session ended");
        browser.request().get("/console/functions").then().statusCode(303);
    }

    @Test
    void anOpenFeedEndsWhenItsSessionSignsOut() throws Exception {
        Browser browser = signIn(Api.token(store, Role.VIEWER));
        HttpResponse<InputStream> live = stream(browser, "/console/denials/stream");
        CompletableFuture<String> rest = CompletableFuture.supplyAsync(() -> EventStreams.untilEnd(live));
        browser.request()
                .formParam("csrf", browser.csrf())
                .post("/console/sign-out")
                .then()
                .statusCode(303);
        assertThat(rest.get(30, TimeUnit.SECONDS)).containsPattern("event: ?signed-out");
    }

    @Test
    void theDenialsPageClosesItsFeedOnTheSignedOutEvent() {
        String page = signIn(Api.token(store, Role.VIEWER))
                .request()
                .get("/console/denials")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(page)
                .contains("sse-close=\"signed-out\"")
                .containsPattern("id=\"feed-state\"[^>]*sse-swap=\"signed-out\"");
    }

    @Test
    void signingOutEndsTheSession() {
        Browser browser = signIn(Api.token(store, Role.VIEWER));
        browser.request()
                .formParam("csrf", browser.csrf())
                .post("/console/sign-out")
                .then()
                .statusCode(303)
                .header("Location", endsWith("/console/sign-in"));
        browser.request().get("/console/functions").then().statusCode(303);
    }

    @Test
    void aBadRuleShowsTheApisParserMessageNextToTheField() {
        String developer = Api.token(store, Role.DEVELOPER);
        String name = Api.createFunction(developer, Api.unique("rules"));
        Browser browser = signIn(developer);
        String page = browser.request()
                .formParam("csrf", browser.csrf())
                .formParam("rule", "tcp://db.internal")
                .post("/console/functions/" + name + "/egress/rules")
                .then()
                .statusCode(422)
                .extract()
                .asString();
        assertThat(page).contains("id=\"rule-error\"").contains("rules[0]").contains("value=\"tcp://db.internal\"");
        assertThat(store.egressPolicies().get(name).rules()).isEmpty();
    }

    @Test
    void userTextIsEscapedAndPagesForbidInlineScriptsAndFraming() {
        String developer = Api.token(store, Role.DEVELOPER);
        String name = Api.unique("xss");
        Api.as(developer)
                .body("{\"name\": \"" + name
                        + "\", \"description\": \"<script>alert(1)</script>\\\"><img src=x onerror=alert(2)>\"}")
                .post("/api/v1/functions")
                .then()
                .statusCode(201);
        Browser browser = signIn(developer);
        Response page = browser.request().get("/console/functions/" + name);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body().asString())
                .doesNotContain("<script>alert(1)")
                .doesNotContain("<img src=x")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(page.header("Content-Security-Policy"))
                .contains("script-src 'self'")
                .contains("frame-ancestors 'none'")
                .doesNotContain("unsafe-inline");
        assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");
    }

    @Test
    void anUploadTheApiRefusesShowsEachProblemItReported() {
        String developer = Api.token(store, Role.DEVELOPER);
        String name = Api.createFunction(developer, Api.unique("refused"));
        Browser browser = signIn(developer);
        String page = browser.request()
                .multiPart("csrf", browser.csrf())
                .multiPart("module", "broken.wasm", Api.moduleWithUnknownImports(), "application/wasm")
                .post("/console/functions/" + name + "/versions")
                .then()
                .statusCode(422)
                .extract()
                .asString();
        assertThat(page).contains("id=\"upload-error\"").contains("env.missing").contains("not_a_call");
        assertThat(store.versions().list(name)).isEmpty();
    }

    @Test
    void deletingAsksOnAPageNamingTheFunctionThenDeletesIt() {
        String developer = Api.token(store, Role.DEVELOPER);
        String name = Api.createFunction(developer, Api.unique("doomed"));
        Browser browser = signIn(developer);
        browser.request()
                .get("/console/functions/" + name + "/delete")
                .then()
                .statusCode(200)
                .body(containsString("Delete function " + name + "?"));
        assertThat(store.functions().get(name).name()).isEqualTo(name);
        browser.request()
                .formParam("csrf", browser.csrf())
                .post("/console/functions/" + name + "/delete")
                .then()
                .statusCode(303)
                .header("Location", endsWith("/console/functions"));
        Assertions.assertThatThrownBy(() -> store.functions().get(name)).isInstanceOf(StoreException.NotFound.class);
    }

    @Test
    void theInvocationsPageListsARunOfTheFunction() throws InterruptedException {
        String developer = Api.token(store, Role.DEVELOPER);
        String name = Api.unique("invoked");
        Api.deploy(developer, name, "public", "hello_wagi.wasm");
        Api.eventually(() -> RestAssured.get("/fn/" + name), response -> response.statusCode() == 200);
        Browser browser = signIn(Api.token(store, Role.VIEWER));
        Response page = Api.eventually(
                () -> browser.request().get("/console/invocations?function=" + name),
                response -> response.asString().contains(" ms</td>"));
        assertThat(page.asString()).contains("/console/functions/" + name).contains("<td>ok</td>");
    }

    @Test
    void anInvocationsEgressTimelineShowsEachDecisionWithItsRuleOrReason() throws Exception {
        String developer = Api.token(store, Role.DEVELOPER);
        String name = Api.unique("timeline");
        Browser browser = signIn(Api.token(store, Role.VIEWER));
        try (ReplyServer server = ReplyServer.start("pong-" + name)) {
            String rule = "tcp://127.0.0.1:" + server.port();
            Api.deploy(
                    developer,
                    name,
                    "private",
                    "wagi_probe.wasm",
                    "&arg=dial&env=PROBE_HOST=127.0.0.1&env=PROBE_PORT=" + server.port());
            Api.as(developer)
                    .body("{\"rule\": \"" + rule + "\"}")
                    .post("/api/v1/functions/" + name + "/egress/rules")
                    .then()
                    .statusCode(200);
            Api.eventually(
                    () -> Api.as(developer).get("/fn/" + name),
                    r -> r.asString().contains("pong"));

            String allowed = timelineOfNewest(browser, name);
            assertThat(allowed)
                    .contains("Egress timeline")
                    .contains("<td>connect</td>")
                    .contains("<span class=\"allowed-word\">allowed</span>")
                    .contains("<td><code>" + rule + "</code></td>")
                    .contains("<time datetime=\"")
                    .doesNotContain("This invocation made no egress");

            Api.as(developer)
                    .queryParam("rule", rule)
                    .queryParam("revision", 1)
                    .delete("/api/v1/functions/" + name + "/egress/rules")
                    .then()
                    .statusCode(200);
            Api.eventually(() -> Api.as(developer).get("/fn/" + name), r -> r.statusCode() == 500);
            String failed = newest(browser, name, "error");
            String denied = Api.eventually(
                            () -> browser.request().get("/console/invocations/" + failed + "/egress"),
                            r -> r.asString().contains("<span class=\"denied\">denied</span>"))
                    .asString();
            Matcher reason = Pattern.compile("<span class=\"denied\">denied</span></td>\\s*<td><code>"
                            + Pattern.quote(rule) + "</code></td>\\s*<td>([^<]+)</td>")
                    .matcher(denied);
            assertThat(reason.find())
                    .as("a denied connect with its reason in:%n%s", denied)
                    .isTrue();
            assertThat(reason.group(1)).isNotBlank();
        }
        browser.request()
                .get("/console/invocations/" + java.util.UUID.randomUUID() + "/egress")
                .then()
                .statusCode(404);
        browser.request()
                .get("/console/invocations/nope/egress")
                .then()
                .statusCode(400)
                .body(containsString("invocation id must be a UUID"));
    }

    /** The timeline page of the function's newest invocation, once its connect is recorded. */
    private static String timelineOfNewest(Browser browser, String function) throws InterruptedException {
        String id = newest(browser, function, "ok");
        return Api.eventually(
                        () -> browser.request().get("/console/invocations/" + id + "/egress"),
                        r -> r.statusCode() == 200 && r.asString().contains("<td>connect</td>"))
                .asString();
    }

    /** The id in the newest timeline link on the function's invocations page whose row has this status. */
    private static String newest(Browser browser, String function, String status) throws InterruptedException {
        Pattern link = Pattern.compile(
                "<td>" + status + "</td>(?:(?!</tr>).)*?href=\"/console/invocations/([0-9a-f-]{36})/egress\"",
                Pattern.DOTALL);
        Response page = Api.eventually(
                () -> browser.request().get("/console/invocations?function=" + function),
                r -> link.matcher(r.asString()).find());
        Matcher found = link.matcher(page.asString());
        assertThat(found.find()).isTrue();
        return found.group(1);
    }

    @Test
    void rollingBackAndSwitchingToLearnModeGoThroughTheServices() {
        String developer = Api.token(store, Role.DEVELOPER);
        String name = Api.unique("rolled");
        Api.deploy(developer, name, "private", "hello_wagi.wasm");
        Browser browser = signIn(developer);
        // Nothing before v1: no roll back control, and a roll back sent anyway gets the API's 409 message.
        assertThat(browser.request().get("/console/functions/" + name).asString())
                .contains("<strong>active</strong>")
                .doesNotContain("Roll back")
                .doesNotContain("/rollback");
        browser.request()
                .formParam("csrf", browser.csrf())
                .post("/console/functions/" + name + "/rollback")
                .then()
                .statusCode(409)
                .body(containsString("no version before the active version 1"));
        RestAssured.given()
                .header("Authorization", "Bearer " + developer)
                .contentType("application/wasm")
                .body(Api.guest("hello_wagi.wasm"))
                .post("/api/v1/functions/" + name + "/versions?activate=true")
                .then()
                .statusCode(201);
        assertThat(browser.request().get("/console/functions/" + name).asString())
                .contains("Roll back to the version before v2");
        browser.request()
                .formParam("csrf", browser.csrf())
                .post("/console/functions/" + name + "/rollback")
                .then()
                .statusCode(303);
        assertThat(store.functions().get(name).activeVersion()).hasValue(1);
        browser.request()
                .formParam("csrf", browser.csrf())
                .formParam("mode", "learn")
                .post("/console/functions/" + name + "/egress/mode")
                .then()
                .statusCode(303);
        assertThat(store.egressPolicies().get(name).mode().name()).isEqualTo("LEARN");
        browser.request()
                .formParam("csrf", browser.csrf())
                .formParam("mode", "loud")
                .post("/console/functions/" + name + "/egress/mode")
                .then()
                .statusCode(400)
                .body(containsString("mode must be &#39;enforce&#39; or &#39;learn&#39;, was &#39;loud&#39;"));
    }

    @Test
    void theFunctionsTableAndTheFunctionPageShowTheLastHoursP50AndP99Latency() throws InterruptedException {
        String developer = Api.token(store, Role.DEVELOPER);
        String name = Api.createFunction(developer, Api.unique("latency"));
        Instant now = Instant.now();
        for (int i = 1; i <= 10; i++) {
            store.auditWriter()
                    .record(new InvocationEntry(
                            UUID.randomUUID(), name, 1, "ok", now, Duration.ofMillis(10L * i), 0, 0, 0, ""));
        }
        // Two hours ago: outside the last hour, so it moves neither percentile.
        store.auditWriter()
                .record(new InvocationEntry(
                        UUID.randomUUID(),
                        name,
                        1,
                        "ok",
                        now.minus(Duration.ofHours(2)),
                        Duration.ofSeconds(9),
                        0,
                        0,
                        0,
                        ""));
        assertThat(store.auditWriter().flush(Duration.ofSeconds(10))).isTrue();
        Browser browser = signIn(Api.token(store, Role.VIEWER));
        String table = browser.request()
                .get("/console/functions?name=" + name)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(table)
                .contains("<th scope=\"col\">p50 (1&nbsp;h)</th><th scope=\"col\">p99 (1&nbsp;h)</th>")
                .contains("<td class=\"num\">10</td>")
                // percentile_cont: 55 between 50 and 60, 99.1 between 90 and 100 (shown rounded).
                .contains("<td class=\"num p50\">55 ms</td>")
                .contains("<td class=\"num p99\">99 ms</td>");
        String page = browser.request().get("/console/functions/" + name).asString();
        assertThat(page)
                .contains("10 invocation(s), 0 denial(s);")
                .contains("p50 <span class=\"p50\">55 ms</span>, p99 <span class=\"p99\">99 ms</span>");
        // A function that did not run in the last hour shows a dash.
        String idle = Api.createFunction(developer, Api.unique("idle"));
        assertThat(browser.request().get("/console/functions?name=" + idle).asString())
                .contains("<td class=\"num p50\">–</td>");
    }

    @Test
    void theOverviewShowsTheHoursTotalsAndServesItsChartsTheApisBuckets() throws InterruptedException {
        String developer = Api.token(store, Role.DEVELOPER);
        String name = Api.createFunction(developer, Api.unique("overview"));
        Instant now = Instant.now();
        store.auditWriter()
                .record(new InvocationEntry(UUID.randomUUID(), name, 1, "ok", now, Duration.ofMillis(4), 0, 0, 0, ""));
        store.auditWriter()
                .record(new InvocationEntry(
                        UUID.randomUUID(), name, 1, "timeout", now, Duration.ofMillis(900), 0, 0, 0, ""));
        assertThat(store.auditWriter().flush(Duration.ofSeconds(10))).isTrue();
        Browser browser = signIn(Api.token(store, Role.VIEWER));
        String page = browser.request()
                .get("/console/overview?function=" + name)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(page)
                .contains("<strong>2</strong> invocation(s), <strong>1</strong> error(s)")
                .contains("<strong>0</strong> egress denial(s)")
                .contains("data-activity=\"/console/overview/activity?function=" + name + "\"")
                .contains("<script src=\"/webjars/uplot/dist/uPlot.iife.min.js\" defer></script>")
                .contains("<script src=\"/console/assets/overview.js\" defer></script>")
                .doesNotContain("<script>");
        io.restassured.path.json.JsonPath buckets = browser.request()
                .get("/console/overview/activity?function=" + name)
                .then()
                .statusCode(200)
                .contentType("application/json")
                .extract()
                .jsonPath();
        assertThat(buckets.getList("buckets")).hasSize(60);
        assertThat(buckets.getList("buckets.errors", Integer.class).stream()
                        .mapToInt(Integer::intValue)
                        .sum())
                .isEqualTo(1);
        // All functions, and an unknown one refused as the API refuses it.
        browser.request().get("/console/overview").then().statusCode(200).body(containsString("all functions"));
        browser.request()
                .get("/console/overview/activity?function=no-such-fn")
                .then()
                .statusCode(404);
    }

    @Test
    void timesReadAsAgoWithTheExactUtcTimeInTheTitle() {
        String developer = Api.token(store, Role.DEVELOPER);
        String name = Api.unique("timed");
        Api.deploy(developer, name, "public", "hello_wagi.wasm");
        Browser browser = signIn(developer);
        String page = browser.request()
                .get("/console/functions/" + name)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(page)
                .containsPattern("<time datetime=\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\" "
                        + "title=\"\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC\">(just now|\\d+ s ago)</time> by")
                // No raw ISO text with fractions of a second anywhere on the page.
                .doesNotContainPattern("\\d\\d:\\d\\d:\\d\\d\\.\\d+");
    }

    @Test
    void theDenialsPageListsEarlierDenialsAndStreamsNewOnesAsRows() throws Exception {
        String developer = Api.token(store, Role.DEVELOPER);
        String name = Api.unique("feed");
        try (ReplyServer server = ReplyServer.start("must-not-be-read")) {
            String destination = "tcp://127.0.0.1:" + server.port();
            Api.deployDialer(developer, name, server.port());
            Browser browser = signIn(developer);
            HttpResponse<InputStream> live = stream(browser, "/console/denials/stream?function=" + name);
            assertThat(live.statusCode()).isEqualTo(200);
            assertThat(live.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
            CompletableFuture<String> row = CompletableFuture.supplyAsync(() -> EventStreams.firstData(live));
            Api.eventually(() -> RestAssured.get("/fn/" + name), response -> response.statusCode() != 404);
            assertThat(row.get(15, TimeUnit.SECONDS))
                    .startsWith("data:<tr class=\"denial\">")
                    .contains("<code>" + destination + "</code>")
                    .contains("(connect)")
                    .contains("name=\"destination\" value=\"" + destination + "\"")
                    .contains("name=\"csrf\" value=\"" + browser.csrf() + "\"");
            String page = Api.eventually(
                            () -> browser.request().get("/console/denials?function=" + name),
                            response -> response.asString().contains(destination))
                    .asString();
            assertThat(page)
                    .contains("sse-connect=\"/console/denials/stream?decision=denials&amp;function=" + name + "\"")
                    .contains("<strong class=\"denied\">denied</strong>");
        }
    }

    @Test
    void allowFromTheFeedAddsTheExactRuleAndAViewerIsRefused() throws Exception {
        String developer = Api.token(store, Role.DEVELOPER);
        String name = Api.createFunction(developer, Api.unique("allow"));
        Browser viewer = signIn(Api.token(store, Role.VIEWER));
        viewer.request()
                .formParam("csrf", viewer.csrf())
                .formParam("function", name)
                .formParam("destination", "tcp://127.0.0.1:9")
                .header("HX-Request", "true")
                .post("/console/denials/allow")
                .then()
                .statusCode(403);
        assertThat(store.egressPolicies().get(name).rules()).isEmpty();

        Browser browser = signIn(developer);
        String answer = browser.request()
                .formParam("csrf", browser.csrf())
                .formParam("function", name)
                .formParam("destination", "tcp://127.0.0.1:9")
                .header("HX-Request", "true")
                .post("/console/denials/allow")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(answer).contains("Added rule <code>tcp://127.0.0.1:9</code>").contains("revision 1");
        assertThat(store.egressPolicies().get(name).rules()).containsExactly("tcp://127.0.0.1:9");

        String refused = browser.request()
                .formParam("csrf", browser.csrf())
                .formParam("function", name)
                .formParam("destination", "dns:evil.example")
                .header("HX-Request", "true")
                .post("/console/denials/allow")
                .then()
                .statusCode(200)
                .header("X-Sockeye-Status", "400")
                .extract()
                .asString();
        assertThat(refused).contains("id=\"allow-error\"").contains("names no port");
        browser.request()
                .formParam("function", name)
                .formParam("destination", "tcp://127.0.0.1:10")
                .post("/console/denials/allow")
                .then()
                .statusCode(403);
        assertThat(store.egressPolicies().get(name).rules()).containsExactly("tcp://127.0.0.1:9");
    }

    @Test
    void aViewersFeedHasNoAllowButton() throws Exception {
        String developer = Api.token(store, Role.DEVELOPER);
        String name = Api.unique("viewfeed");
        try (ReplyServer server = ReplyServer.start("must-not-be-read")) {
            Api.deployDialer(developer, name, server.port());
            Browser viewer = signIn(Api.token(store, Role.VIEWER));
            HttpResponse<InputStream> live = stream(viewer, "/console/denials/stream?function=" + name);
            CompletableFuture<String> row = CompletableFuture.supplyAsync(() -> EventStreams.firstData(live));
            Api.eventually(() -> RestAssured.get("/fn/" + name), response -> response.statusCode() != 404);
            assertThat(row.get(15, TimeUnit.SECONDS))
                    .contains("127.0.0.1:" + server.port())
                    .doesNotContain("<form")
                    .doesNotContain("Allow");
        }
    }

    @Test
    void theDenialsFeedRefusesAnUnknownDecision() {
        Browser browser = signIn(Api.token(store, Role.VIEWER));
        browser.request().get("/console/denials?decision=maybe").then().statusCode(400);
    }

    @Test
    void anAdminCreatesATokenSeesItOnceAndRevokesIt() {
        Browser admin = signIn(Api.token(store, Role.ADMIN));
        String name = Api.unique("made-here");
        String created = admin.request()
                .formParam("csrf", admin.csrf())
                .formParam("name", name)
                .formParam("role", "developer")
                .post("/console/tokens")
                .then()
                .statusCode(201)
                .extract()
                .asString();
        Matcher secret = Pattern.compile("id=\"issued-token\" readonly value=\"(sockeye_[^\"]+)\"")
                .matcher(created);
        assertThat(secret.find()).as("the new token on the page").isTrue();
        // The token works, and the list afterwards never shows it again.
        Api.as(secret.group(1)).get("/api/v1/whoami").then().statusCode(200);
        String list = admin.request()
                .get("/console/tokens")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(list).contains(name).doesNotContain(secret.group(1)).contains("Revoke token " + name);

        admin.request()
                .formParam("csrf", admin.csrf())
                .post("/console/tokens/" + name + "/revoke")
                .then()
                .statusCode(303);
        Api.as(secret.group(1)).get("/api/v1/whoami").then().statusCode(401);
        assertThat(admin.request().get("/console/tokens").asString()).contains("revoked");
    }

    @Test
    void aTokenFormTheApiRefusesShowsItsMessage() {
        Browser admin = signIn(Api.token(store, Role.ADMIN));
        admin.request()
                .formParam("csrf", admin.csrf())
                .formParam("name", "")
                .formParam("role", "developer")
                .post("/console/tokens")
                .then()
                .statusCode(400)
                .body(containsString("id=\"token-error\""), containsString("name is required"));
        admin.request()
                .formParam("csrf", admin.csrf())
                .formParam("name", Api.unique("bad-role"))
                .formParam("role", "owner")
                .post("/console/tokens")
                .then()
                .statusCode(400)
                .body(containsString("role must be admin, developer or viewer, was &#39;owner&#39;"));
    }

    @Test
    void onlyAnAdminSeesTheTokensPage() {
        Browser developer = signIn(Api.token(store, Role.DEVELOPER));
        assertThat(developer.request().get("/console/functions").asString()).doesNotContain("/console/tokens");
        developer.request().get("/console/tokens").then().statusCode(403);
        developer
                .request()
                .formParam("csrf", developer.csrf())
                .formParam("name", Api.unique("sneaky"))
                .formParam("role", "admin")
                .post("/console/tokens")
                .then()
                .statusCode(403);
        Browser admin = signIn(Api.token(store, Role.ADMIN));
        assertThat(admin.request().get("/console/functions").asString()).contains("href=\"/console/tokens\"");
    }

    @Test
    void theFunctionPageShowsItsTriggerUrlsWithCopyButtons() {
        String developer = Api.token(store, Role.DEVELOPER);
        String name = Api.unique("urls");
        Api.as(developer)
                .body("{\"name\": \"" + name + "\", \"routes\": [\"/" + name + "\"]}")
                .post("/api/v1/functions")
                .then()
                .statusCode(201);
        String page =
                signIn(developer).request().get("/console/functions/" + name).asString();
        String origin = base.toString().replaceAll("/$", "");
        assertThat(page)
                .contains("<code id=\"trigger-url\">" + origin + "/fn/" + name + "</code>")
                .contains("data-copy=\"trigger-url\"")
                .contains("<code id=\"route-url-1\">" + origin + "/" + name + "</code>")
                .contains("data-copy=\"route-url-1\"")
                .contains("Private: a caller needs a token");
    }

    @Test
    void tryItSendsTheRequestToTheTriggerAndShowsStatusHeadersAndBody() throws InterruptedException {
        String developer = Api.token(store, Role.DEVELOPER);
        String name = Api.unique("tried");
        Api.deploy(developer, name, "private", "wagi_probe.wasm", "&arg=echo");
        Api.eventually(() -> RestAssured.get("/fn/" + name), response -> response.statusCode() == 401);
        // Viewers may invoke too: the request carries the signed-in token, so a private function answers.
        Browser viewer = signIn(Api.token(store, Role.VIEWER));
        String answer = tryIt(viewer, name, "POST", "<b>echoed</b>");
        assertThat(answer)
                .contains("<strong>POST /fn/" + name + "</strong> answered <strong>200</strong>")
                .contains("<dt>content-type</dt><dd><code>application/octet-stream</code></dd>")
                .contains("<pre class=\"body\">&lt;b&gt;echoed&lt;/b&gt;</pre>");
    }

    @Test
    void tryItShowsTheRunsStderrTailAndLinksItsTimeline() throws InterruptedException {
        String developer = Api.token(store, Role.DEVELOPER);
        String name = Api.unique("tried-logs");
        Api.deploy(developer, name, "public", "wagi_probe.wasm", "&arg=logs");
        Api.eventually(() -> RestAssured.get("/fn/" + name), response -> response.statusCode() == 200);
        Browser viewer = signIn(Api.token(store, Role.VIEWER));
        String answer = tryIt(viewer, name, "GET", "");
        Matcher id = Pattern.compile("<dt>sockeye-invocation-id</dt><dd><code>([0-9a-f-]{36})</code>")
                .matcher(answer);
        assertThat(id.find()).as("the invocation id header in %s", answer).isTrue();
        assertThat(answer)
                .contains("<pre class=\"body\">logged\n</pre>")
                .contains("<pre class=\"body\" id=\"try-stderr\">first log line\nsecond log line")
                .contains("href=\"/console/invocations/" + id.group(1) + "/egress\"");
    }

    @Test
    void tryItReachesOnlyTheFunctionsOwnTriggerPaths() {
        String developer = Api.token(store, Role.DEVELOPER);
        String name = Api.createFunction(developer, Api.unique("fenced"));
        Browser browser = signIn(developer);
        for (String path : new String[] {"/api/v1/tokens", "/fn/" + name + "/../other", "/fn/" + name + "x"}) {
            browser.request()
                    .header("HX-Request", "true")
                    .formParam("csrf", browser.csrf())
                    .formParam("method", "GET")
                    .formParam("path", path)
                    .post("/console/functions/" + name + "/try")
                    .then()
                    .statusCode(200)
                    .header("X-Sockeye-Status", "400")
                    .body(containsString("id=\"try-error\""), containsString("path must be one of this function"));
        }
        browser.request()
                .header("HX-Request", "true")
                .formParam("csrf", browser.csrf())
                .formParam("method", "TRACE")
                .post("/console/functions/" + name + "/try")
                .then()
                .header("X-Sockeye-Status", "400")
                .body(containsString("method must be one of GET, POST, PUT, DELETE"));
        browser.request()
                .formParam("method", "GET")
                .post("/console/functions/" + name + "/try")
                .then()
                .statusCode(403);
    }

    @Test
    void aDeveloperEditsLimitsAndTheApisRefusalsShowOnThePage() {
        String developer = Api.token(store, Role.DEVELOPER);
        String name = Api.createFunction(developer, Api.unique("limited"));
        Browser browser = signIn(developer);
        browser.request()
                .formParam("csrf", browser.csrf())
                .formParam("timeoutMs", "5000")
                .formParam("maxSockets", "2")
                .post("/console/functions/" + name + "/settings/limits")
                .then()
                .statusCode(303)
                .header("Location", endsWith("/console/functions/" + name + "#settings"));
        assertThat(store.functions().get(name).limits().timeout()).hasSeconds(5);
        assertThat(store.functions().get(name).limits().maxSockets()).isEqualTo(2);
        browser.request()
                .formParam("csrf", browser.csrf())
                .formParam("timeoutMs", "soon")
                .post("/console/functions/" + name + "/settings/limits")
                .then()
                .statusCode(400)
                .body(containsString("id=\"limits-error\""), containsString("timeoutMs must be a whole number"));
        browser.request()
                .formParam("csrf", browser.csrf())
                .formParam("timeoutMs", "999999999")
                .post("/console/functions/" + name + "/settings/limits")
                .then()
                .statusCode(400)
                .body(containsString("id=\"limits-error\""), containsString("timeoutMs"));
        assertThat(store.functions().get(name).limits().timeout()).hasSeconds(5);
        assertThat(browser.request().get("/console/functions/" + name).asString())
                .contains("name=\"timeoutMs\" type=\"number\" min=\"1\" value=\"5000\"");
    }

    @Test
    void settingAndUnsettingAVariableMakesTheNextVersions() {
        String developer = Api.token(store, Role.DEVELOPER);
        String name = Api.unique("env");
        Api.deploy(developer, name, "private", "hello_wagi.wasm");
        Browser browser = signIn(developer);
        browser.request()
                .formParam("csrf", browser.csrf())
                .formParam("variable", "GREETING")
                .formParam("value", "<hi>")
                .post("/console/functions/" + name + "/settings/env")
                .then()
                .statusCode(303);
        assertThat(store.functions().get(name).activeVersion()).hasValue(2);
        assertThat(browser.request().get("/console/functions/" + name).asString())
                .contains("<code>GREETING=&lt;hi&gt;</code>")
                .contains("Remove variable GREETING");
        browser.request()
                .formParam("csrf", browser.csrf())
                .formParam("variable", "GREETING")
                .post("/console/functions/" + name + "/settings/env/remove")
                .then()
                .statusCode(303);
        assertThat(store.functions().get(name).activeVersion()).hasValue(3);
        browser.request()
                .formParam("csrf", browser.csrf())
                .formParam("variable", "NOT_THERE")
                .post("/console/functions/" + name + "/settings/env/remove")
                .then()
                .statusCode(404)
                .body(containsString("id=\"env-error\""), containsString("no environment variable NOT_THERE"));
    }

    @Test
    void secretsAreWriteOnlyAndOnlyAnAdminSetsThem() {
        String admin = Api.token(store, Role.ADMIN);
        String name = Api.createFunction(admin, Api.unique("secret"));
        Browser developer = signIn(Api.token(store, Role.DEVELOPER));
        developer
                .request()
                .formParam("csrf", developer.csrf())
                .formParam("secret", "DB_PASSWORD")
                .formParam("value", "hunter2-never-shown")
                .post("/console/functions/" + name + "/settings/secrets")
                .then()
                .statusCode(403);
        Browser browser = signIn(admin);
        browser.request()
                .formParam("csrf", browser.csrf())
                .formParam("secret", "DB_PASSWORD")
                .formParam("value", "hunter2-never-shown")
                .post("/console/functions/" + name + "/settings/secrets")
                .then()
                .statusCode(303);
        String page = browser.request().get("/console/functions/" + name).asString();
        assertThat(page)
                .contains("<code>DB_PASSWORD</code>")
                .contains("Remove secret DB_PASSWORD")
                .doesNotContain("hunter2-never-shown");
        assertThat(developer.request().get("/console/functions/" + name).asString())
                .contains("<code>DB_PASSWORD</code>")
                .doesNotContain("Remove secret")
                .doesNotContain("hunter2-never-shown");
        browser.request()
                .formParam("csrf", browser.csrf())
                .formParam("secret", "DB_PASSWORD")
                .post("/console/functions/" + name + "/settings/secrets/remove")
                .then()
                .statusCode(303);
        assertThat(store.secrets().list(name)).isEmpty();
    }

    @Test
    void aViewerSeesLimitsButNoSettingsForms() {
        String developer = Api.token(store, Role.DEVELOPER);
        String name = Api.createFunction(developer, Api.unique("readonly"));
        Browser viewer = signIn(Api.token(store, Role.VIEWER));
        String page = viewer.request().get("/console/functions/" + name).asString();
        assertThat(page)
                .contains("<dt>Timeout</dt>")
                .doesNotContain("Save limits")
                .doesNotContain("Set secret");
        viewer.request()
                .formParam("csrf", viewer.csrf())
                .formParam("timeoutMs", "1")
                .post("/console/functions/" + name + "/settings/limits")
                .then()
                .statusCode(403);
    }

    @Test
    void thePolicyTextIsCheckedAsTypedWithTheParsersMessagesAndWarnings() {
        String developer = Api.token(store, Role.DEVELOPER);
        String name = Api.createFunction(developer, Api.unique("text"));
        Browser browser = signIn(developer);
        String bad = browser.request()
                .header("HX-Request", "true")
                .formParam("csrf", browser.csrf())
                .formParam("rules", "https://api.example.com\ntcp://db.internal")
                .post("/console/functions/" + name + "/policy/check")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(bad).contains("id=\"check-error\"").contains("rules[1]");
        String broad = browser.request()
                .header("HX-Request", "true")
                .formParam("csrf", browser.csrf())
                .formParam("rules", "https://api.example.com\n\n*://*:*\n")
                .post("/console/functions/" + name + "/policy/check")
                .asString();
        assertThat(broad).contains("2 rule(s), all valid.").contains("Broad rule:");
        assertThat(store.egressPolicies().get(name).revision()).isZero();
    }

    @Test
    void savingTheTextBasedOnAStaleRevisionExplainsTheConflictAndKeepsTheText() {
        String developer = Api.token(store, Role.DEVELOPER);
        String name = Api.createFunction(developer, Api.unique("stale"));
        Browser browser = signIn(developer);
        browser.request()
                .formParam("csrf", browser.csrf())
                .formParam("revision", "0")
                .formParam("rules", "https://api.example.com\ntcp://db.internal:5432")
                .formParam("mode", "enforce")
                .formParam("action", "save")
                .post("/console/functions/" + name + "/policy")
                .then()
                .statusCode(303);
        assertThat(store.egressPolicies().get(name).rules())
                .containsExactly("https://api.example.com", "tcp://db.internal:5432");
        String conflict = browser.request()
                .formParam("csrf", browser.csrf())
                .formParam("revision", "0")
                .formParam("rules", "udp://10.0.0.53:53")
                .formParam("mode", "enforce")
                .formParam("action", "save")
                .post("/console/functions/" + name + "/policy")
                .then()
                .statusCode(409)
                .extract()
                .asString();
        assertThat(conflict)
                .contains("Someone changed this policy since you opened it: it is now at revision 1")
                .contains("based\n      on revision 0")
                .contains(">udp://10.0.0.53:53</textarea>");
        assertThat(store.egressPolicies().get(name).revision()).isEqualTo(1);
    }

    @Test
    void theHistoryShowsEachWriteAsADiffAndRestoresARevision() {
        String developer = Api.token(store, Role.DEVELOPER);
        String name = Api.createFunction(developer, Api.unique("history"));
        Api.as(developer)
                .body("{\"rules\": [\"https://a.example.com\", \"https://b.example.com\"], \"revision\": 0}")
                .put("/api/v1/functions/" + name + "/egress")
                .then()
                .statusCode(200);
        Api.as(developer)
                .body("{\"rules\": [\"https://b.example.com\", \"https://c.example.com\"], \"revision\": 1}")
                .put("/api/v1/functions/" + name + "/egress")
                .then()
                .statusCode(200);
        Browser browser = signIn(developer);
        String page = browser.request()
                .get("/console/functions/" + name + "/policy")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(page)
                .contains("<span class=\"removed\">- https://a.example.com</span>")
                .contains("<span class=\"kept\">  https://b.example.com</span>")
                .contains("<span class=\"added\">+ https://c.example.com</span>")
                .contains("Restore revision 1")
                .doesNotContain("Restore revision 2");
        browser.request()
                .formParam("csrf", browser.csrf())
                .formParam("revision", "2")
                .formParam("restore", "1")
                .post("/console/functions/" + name + "/policy/restore")
                .then()
                .statusCode(303);
        assertThat(store.egressPolicies().get(name).rules())
                .containsExactly("https://a.example.com", "https://b.example.com");
        assertThat(store.egressPolicies().get(name).revision()).isEqualTo(3);
        String answer = browser.request()
                .header("HX-Request", "true")
                .formParam("csrf", browser.csrf())
                .formParam("destination", "tcp://c.example.com:443")
                .post("/console/functions/" + name + "/policy/would-allow")
                .asString();
        assertThat(answer).contains("<strong class=\"denied\">denied</strong>");
        Browser viewer = signIn(Api.token(store, Role.VIEWER));
        String viewed =
                viewer.request().get("/console/functions/" + name + "/policy").asString();
        assertThat(viewed).doesNotContain("Restore revision").doesNotContain("<textarea");
        viewer.request()
                .formParam("csrf", viewer.csrf())
                .formParam("revision", "3")
                .formParam("restore", "2")
                .post("/console/functions/" + name + "/policy/restore")
                .then()
                .statusCode(403);
    }

    @Test
    void htmxIsServedFromItsWebjar() {
        RestAssured.get("/webjars/htmx.org/dist/htmx.min.js")
                .then()
                .statusCode(200)
                .body(containsString("htmx"));
        RestAssured.get("/webjars/htmx-ext-sse/sse.js")
                .then()
                .statusCode(200)
                .body(containsString("defineExtension('sse'"));
        RestAssured.get("/webjars/uplot/dist/uPlot.iife.min.js")
                .then()
                .statusCode(200)
                .body(containsString("uPlot"));
        RestAssured.get("/webjars/uplot/dist/uPlot.min.css").then().statusCode(200);
        RestAssured.get("/console/assets/overview.js").then().statusCode(200);
        RestAssured.get("/console/assets/console.css").then().statusCode(200);
        RestAssured.get("/console/assets/console.js").then().statusCode(200);
    }

    @Test
    void theConsolesAddressLeadsToTheFunctionsList() {
        RestAssured.given()
                .redirects()
                .follow(false)
                .get("/console")
                .then()
                .statusCode(303)
                .header("Location", endsWith("/console/functions"));
    }

    /** What the "try it" box shows for one request to the function's {@code /fn/NAME}, sent as htmx sends it. */
    private static String tryIt(Browser browser, String name, String method, String body) {
        return browser.request()
                .header("HX-Request", "true")
                .formParam("csrf", browser.csrf())
                .formParam("method", method)
                .formParam("path", "/fn/" + name)
                .formParam("body", body)
                .post("/console/functions/" + name + "/try")
                .then()
                .statusCode(200)
                .extract()
                .asString();
    }

    private Browser signIn(String token) {
        Response signedIn = signInResponse(token);
        assertThat(signedIn.statusCode()).isEqualTo(303);
        Cookie session = signedIn.getDetailedCookie("sockeye_session");
        String page = RestAssured.given()
                .cookie(session.getName(), session.getValue())
                .get("/console/functions")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        return new Browser(session, csrf(page));
    }

    /** Opens a console event stream as the browser would, with its session cookie. */
    private HttpResponse<InputStream> stream(Browser browser, String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(base.resolve(path))
                                .header(
                                        "Cookie",
                                        browser.session().getName() + "="
                                                + browser.session().getValue())
                                .header("Accept", "text/event-stream")
                                .build(),
                        HttpResponse.BodyHandlers.ofInputStream());
    }

    private static Response signInResponse(String token) {
        Response form = RestAssured.get("/console/sign-in");
        return RestAssured.given()
                .redirects()
                .follow(false)
                .cookie("sockeye_sign_in", form.getCookie("sockeye_sign_in"))
                .formParam("csrf", csrf(form.body().asString()))
                .formParam("token", token)
                .post("/console/sign-in");
    }

    private static String csrf(String page) {
        Matcher matcher = CSRF.matcher(page);
        assertThat(matcher.find()).as("a csrf field in the page").isTrue();
        return matcher.group(1);
    }
}
