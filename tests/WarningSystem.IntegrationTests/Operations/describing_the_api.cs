using System.Net;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Wolverine.Http;

namespace WarningSystem.IntegrationTests.Operations;

/// <summary>
/// The OpenAPI document describes every route the host maps, with its methods, the bodies the endpoints read by hand,
/// their problem answers and the credential they need; it and the reference page are open without a credential.
/// </summary>
[Collection(ServiceCollection.Name)]
public class describing_the_api(ServiceFixture service)
{
    static readonly string[] Documentation = ["/openapi", "/scalar"];

    [Fact]
    public async Task every_mapped_route_is_in_the_document_with_its_methods()
    {
        var paths = (await Document()).GetProperty("paths");
        var routes = MappedRoutes();
        routes.Count.ShouldBeGreaterThan(20);

        foreach (var (route, method, _) in routes)
        {
            paths.TryGetProperty(route, out var path).ShouldBeTrue($"{route} is not in the document");
            path.TryGetProperty(method.ToLowerInvariant(), out _).ShouldBeTrue($"{method} {route} is not in the document");
        }
    }

    [Fact]
    public async Task endpoints_that_read_a_body_show_its_schema_and_the_problems_it_can_cause()
    {
        var document = await Document();
        var readers = MappedRoutes().Where(r => r.Method is "POST" or "PUT" && r.ReadsBody).ToList();
        readers.Count.ShouldBeGreaterThanOrEqualTo(8);

        foreach (var (route, method, _) in readers)
        {
            var operation = document.GetProperty("paths").GetProperty(route).GetProperty(method.ToLowerInvariant());
            var schema = operation.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema");
            Resolve(document, schema).GetProperty("properties").EnumerateObject().ShouldNotBeEmpty($"{method} {route} has an empty body schema");
            // FHIR endpoints refuse with an OperationOutcome, everything else with problem details.
            var refusal = route.Contains("/fhir") ? "application/fhir+json" : "application/problem+json";
            foreach (var status in new[] { "400", "413", "415" })
                operation.GetProperty("responses").GetProperty(status).GetProperty("content")
                    .TryGetProperty(refusal, out _).ShouldBeTrue($"{method} {route} does not describe its {status}");
        }

        var ingest = document.GetProperty("paths").GetProperty("/api/clinics/{clinicId}/events").GetProperty("post");
        var fields = Resolve(document, ingest.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema"))
            .GetProperty("properties").EnumerateObject().Select(p => p.Name);
        fields.ShouldBe(["eventId", "patientId", "type", "occurredAt", "recordedBy", "data"], ignoreOrder: true);
        ingest.GetProperty("responses").TryGetProperty("202", out _).ShouldBeTrue();
        ingest.GetProperty("responses").TryGetProperty("409", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task every_endpoint_behind_a_credential_names_the_scheme_and_its_401_and_403()
    {
        var document = await Document();
        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        schemes.GetProperty("bearer").GetProperty("type").GetString().ShouldBe("http");
        schemes.GetProperty("bearer").GetProperty("scheme").GetString().ShouldBe("bearer");
        schemes.GetProperty("apiKey").GetProperty("name").GetString().ShouldBe("X-Api-Key");

        foreach (var (route, method, _) in MappedRoutes())
        {
            var operation = document.GetProperty("paths").GetProperty(route).GetProperty(method.ToLowerInvariant());
            operation.GetProperty("security").EnumerateArray().SelectMany(r => r.EnumerateObject().Select(p => p.Name))
                .ShouldBe(["bearer", "apiKey"], ignoreOrder: true, $"{method} {route}");
            foreach (var status in new[] { "401", "403" })
                operation.GetProperty("responses").TryGetProperty(status, out _).ShouldBeTrue($"{method} {route} does not describe its {status}");
        }
    }

    [Fact]
    public async Task the_reference_page_is_open_and_alone_gets_a_wider_content_policy()
    {
        var page = await service.Anonymous.GetAsync("/scalar/");
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        page.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        string.Join(";", page.Headers.GetValues("Content-Security-Policy")).ShouldContain("script-src 'self'");

        var document = await service.Anonymous.GetAsync("/openapi/v1.json");
        string.Join(";", document.Headers.GetValues("Content-Security-Policy")).ShouldNotContain("script-src");
        var api = await service.Anonymous.GetAsync($"/api/clinics/{Api.NewClinic()}/alerts");
        api.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        string.Join(";", api.Headers.GetValues("Content-Security-Policy")).ShouldNotContain("script-src");
    }

    async Task<JsonElement> Document()
    {
        var response = await service.Anonymous.GetAsync("/openapi/v1.json");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var document = await response.Body();
        document.GetProperty("openapi").GetString().ShouldStartWith("3.");
        return document;
    }

    /// <summary>Every route with an HTTP method the host maps, from its endpoint data source, not from the document.</summary>
    List<(string Route, string Method, bool ReadsBody)> MappedRoutes() =>
        service.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>() is not null)
            .Where(e => !Documentation.Any(d => e.RoutePattern.RawText!.StartsWith(d)))
            .SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Select(m =>
                ("/" + e.RoutePattern.RawText!.TrimStart('/'), m, HandlerOf(e).GetParameters().Any(p => p.ParameterType == typeof(HttpRequest)))))
            .ToList();

    static MethodInfo HandlerOf(RouteEndpoint endpoint) =>
        endpoint.Metadata.OfType<HttpChain>().FirstOrDefault()?.Method.Method
        ?? endpoint.Metadata.OfType<MethodInfo>().FirstOrDefault()
        ?? throw new InvalidOperationException($"No handler method known for {endpoint.DisplayName}");

    static JsonElement Resolve(JsonElement document, JsonElement schema) =>
        schema.TryGetProperty("$ref", out var reference)
            ? document.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/').Last())
            : schema;
}
