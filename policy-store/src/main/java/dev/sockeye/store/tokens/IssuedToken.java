package dev.sockeye.store.tokens;

/** A new token and its plain text, which is shown to its owner once and then only exists as a hash. */
public record IssuedToken(ApiToken token, String plainText) {

    @Override
    public String toString() {
        return "IssuedToken[token=" + token + ", plainText=***]";
    }
}
