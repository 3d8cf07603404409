package dev.fleetscore.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetscore.common.Parsers;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One rule of a Role or ClusterRole as stored ({@code rbac/v1 PolicyRule}), with the request
 * matching of the API server's RBAC authorizer ({@code pkg/apis/rbac/v1/evaluation_helpers.go}):
 * exact strings or {@code *}, no prefixes or globs, except the {@code res/sub} and wildcard
 * subresource forms of resources and the trailing {@code *} of nonResourceURLs.
 */
public record PolicyRule(
    List<String> verbs,
    List<String> apiGroups,
    List<String> resources,
    List<String> resourceNames,
    List<String> nonResourceUrls) {

  private static final ObjectMapper JSON = Parsers.json();

  public PolicyRule {
    verbs = List.copyOf(verbs);
    apiGroups = List.copyOf(apiGroups);
    resources = List.copyOf(resources);
    resourceNames = List.copyOf(resourceNames);
    nonResourceUrls = List.copyOf(nonResourceUrls);
  }

  /** The rules of a {@code rules_json} column (a JSON array of PolicyRule objects). */
  public static List<PolicyRule> parseAll(String json) throws IOException {
    List<PolicyRule> out = new ArrayList<>();
    if (json == null || json.isBlank()) {
      return out;
    }
    JsonNode arr = JSON.readTree(json);
    if (arr == null || !arr.isArray()) {
      throw new IOException("rules are not a JSON array");
    }
    for (JsonNode r : arr) {
      out.add(of(r));
    }
    return out;
  }

  /** A PolicyRule object as the API serialises it; absent lists are empty. */
  public static PolicyRule of(JsonNode r) {
    return new PolicyRule(
        strings(r.path("verbs")),
        strings(r.path("apiGroups")),
        strings(r.path("resources")),
        strings(r.path("resourceNames")),
        strings(r.path("nonResourceURLs")));
  }

  private static List<String> strings(JsonNode n) {
    List<String> out = new ArrayList<>();
    if (n.isArray()) {
      n.forEach(x -> out.add(x.isNull() ? "" : x.asText()));
    }
    return out;
  }

  public boolean isNonResource() {
    return !nonResourceUrls.isEmpty();
  }

  /** A {@code *} in verbs, apiGroups, resources or nonResourceURLs (CIS 5.1.3). */
  public boolean hasWildcard() {
    return verbs.contains("*")
        || apiGroups.contains("*")
        || resources.contains("*")
        || nonResourceUrls.contains("*");
  }

  public boolean verbMatches(String verb) {
    return verbs.contains("*") || verbs.contains(verb);
  }

  public boolean apiGroupMatches(String group) {
    return apiGroups.contains("*") || apiGroups.contains(group);
  }

  /**
   * {@code ResourceMatches}: {@code *}; the resource itself when the request has no subresource;
   * {@code res/sub}; or {@code *}{@code /sub}. {@code pods} never matches {@code pods/exec}.
   */
  public boolean resourceMatches(String resource, String subresource) {
    String combined = subresource == null ? resource : resource + "/" + subresource;
    for (String r : resources) {
      if (r.equals("*") || r.equals(combined)) {
        return true;
      }
      if (subresource != null
          && r.length() == subresource.length() + 2
          && r.equals("*/" + subresource)) {
        return true;
      }
    }
    return false;
  }

  /** Empty resourceNames allow every name; otherwise the exact name ({@code *} is a literal). */
  public boolean resourceNameMatches(String name) {
    return resourceNames.isEmpty() || name != null && resourceNames.contains(name);
  }

  /**
   * {@code NonResourceURLMatches}: {@code *} matches every path; an entry ending in {@code *} is a
   * prefix (all its trailing stars trimmed); otherwise the path must be equal.
   */
  public boolean nonResourceUrlMatches(String path) {
    for (String u : nonResourceUrls) {
      if (u.equals("*") || u.equals(path)) {
        return true;
      }
      if (u.endsWith("*")) {
        String prefix = u;
        while (prefix.endsWith("*")) {
          prefix = prefix.substring(0, prefix.length() - 1);
        }
        if (path.startsWith(prefix)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether the rule allows a resource request (name null: a request without a name). */
  public boolean allows(Request q) {
    if (q.path() != null) {
      return isNonResource() && verbMatches(q.verb()) && nonResourceUrlMatches(q.path());
    }
    return verbMatches(q.verb())
        && apiGroupMatches(q.apiGroup())
        && resourceMatches(q.resource(), q.subresource())
        && resourceNameMatches(q.name());
  }

  /**
   * Whether the rule allows the request for some object name: with resourceNames, only requests
   * that carry a name (not create or deletecollection on a collection) can match.
   */
  public boolean allowsSomeName(Request q) {
    if (resourceNames.isEmpty() || q.path() != null) {
      return allows(q);
    }
    boolean nameless =
        q.subresource() == null
            && (q.verb().equals("create") || q.verb().equals("deletecollection"));
    return !nameless
        && verbMatches(q.verb())
        && apiGroupMatches(q.apiGroup())
        && resourceMatches(q.resource(), q.subresource());
  }

  /** An API request as the authorizer sees it: resource attributes, or a non-resource path. */
  public record Request(
      String verb, String apiGroup, String resource, String subresource, String name, String path) {

    public static Request resource(String verb, String group, String resource, String sub) {
      return new Request(verb, group, resource, sub, null, null);
    }

    public static Request named(String verb, String group, String resource, String sub, String n) {
      return new Request(verb, group, resource, sub, n, null);
    }

    public static Request nonResource(String verb, String path) {
      return new Request(verb, null, null, null, null, path);
    }
  }
}
