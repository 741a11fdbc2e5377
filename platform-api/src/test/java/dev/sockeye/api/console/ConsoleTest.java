package dev.sockeye.api.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.not;

import dev.sockeye.api.testing.Api;
import dev.sockeye.store.PolicyStore;
import dev.sockeye.store.errors.StoreException;
import dev.sockeye.store.tokens.Role;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.Cookie;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ConsoleTest {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    @Inject
    PolicyStore store;

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
    void rollingBackAndSwitchingToLearnModeGoThroughTheServices() {
        String developer = Api.token(store, Role.DEVELOPER);
        String name = Api.unique("rolled");
        Api.deploy(developer, name, "private", "hello_wagi.wasm");
        Browser browser = signIn(developer);
        // Nothing before v1: the API's 409 message appears on the page.
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
    void htmxIsServedFromItsWebjar() {
        RestAssured.get("/webjars/htmx.org/dist/htmx.min.js")
                .then()
                .statusCode(200)
                .body(containsString("htmx"));
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
