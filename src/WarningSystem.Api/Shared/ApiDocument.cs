using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace WarningSystem.Shared;

/// <summary>The JSON body an endpoint reads itself (to name each bad field), so the API document can show its schema.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ReadsBodyAttribute(Type type) : Attribute
{
    public Type Type { get; } = type;

    /// <summary>A valid body as JSON text, shown in the document (and a starting point for the tools that read it).</summary>
    public string? Example { get; init; }
}

/// <summary>
/// Problem answers an endpoint gives for its own reasons (404, 409, ...). Those every endpoint of a kind can give are
/// added by the document itself: 401, 403 and 429 behind a credential; 400 for a malformed id in the route; 400, 413
/// and 415 for a body.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ProblemAnswersAttribute(params int[] statuses) : Attribute
{
    public int[] Statuses { get; } = statuses;
}

/// <summary>
/// The OpenAPI document at <c>/openapi/v1.json</c> and its reference page at <c>/scalar</c>. Both are open without a
/// credential: they describe the API and hold no data.
/// </summary>
public static class ApiDocument
{
    public const string DocumentPath = "/openapi/v1.json";
    public const string ReferencePath = "/scalar";
    const string BearerScheme = "bearer";
    const string KeyHeaderScheme = "apiKey";

    /// <summary>
    /// The reference page is a script application: it runs its own bundled script and styles, and calls this service
    /// only. Everything else keeps the service's <c>default-src 'none'</c>.
    /// </summary>
    public const string ReferencePolicy = "default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'";

    public static WebApplicationBuilder AddApiDocument(this WebApplicationBuilder builder)
    {
        builder.Services.AddOpenApi("v1", o =>
        {
            // 3.0 rather than 3.1: what most client generators read today.
            o.OpenApiVersion = OpenApiSpecVersion.OpenApi3_0;
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "WarningSystem",
                    Version = "v1",
                    Description = "Misuse warnings for supervised ketamine and esketamine therapy. Every clinic is a tenant " +
                                  "under /api/clinics/{clinicId}. Errors are RFC 7807 problem details.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http, Scheme = "bearer",
                    Description = "An API key (created with `apikeys create` or POST /api/clinics/{clinicId}/apikeys), or a JWT " +
                                  "from the identity provider with a `role` claim and `clinic` claims.",
                };
                document.Components.SecuritySchemes[KeyHeaderScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = "X-Api-Key",
                    Description = "An API key, as an alternative to the Authorization header.",
                };
                // Endpoints that answer IResult are described by their attributes; the interface itself is no schema.
                document.Components.Schemas?.Remove(nameof(IResult));
                return Task.CompletedTask;
            });
            o.AddOperationTransformer(DescribeAnswersAsync);
            o.AddSchemaTransformer(OptionalWhenNullableAsync);
        });
        return builder;
    }

    /// <summary>Maps the document and the page; the page alone gets the wider content security policy it needs.</summary>
    public static WebApplication MapApiDocument(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(ReferencePath))
                context.Response.OnStarting(() =>
                {
                    context.Response.Headers.ContentSecurityPolicy = ReferencePolicy;
                    return Task.CompletedTask;
                });
            return next(context);
        });
        app.MapOpenApi(DocumentPath.Replace("v1", "{documentName}")).AllowAnonymous();
        app.MapScalarApiReference(ReferencePath, o => o
                .WithTitle("WarningSystem API")
                // Its default fonts come from a CDN, which the page's policy does not allow.
                .DisableDefaultFonts()
                .AddPreferredSecuritySchemes(BearerScheme))
            .AllowAnonymous();
        return app;
    }

    static async Task DescribeAnswersAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken token)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata ?? [];
        var declared = metadata.OfType<ProblemAnswersAttribute>().SelectMany(a => a.Statuses).ToHashSet();
        var problems = new SortedSet<int>(declared);
        operation.Responses ??= new OpenApiResponses();

        // Wolverine's generic guesses: an IResult "schema" and a 404 for every endpoint. Only declared answers stay.
        foreach (var guess in context.Description.SupportedResponseTypes
                     .Where(r => r.Type is { } t && typeof(IResult).IsAssignableFrom(t)
                                 || r is { StatusCode: 404, Type: null } && !declared.Contains(404)).ToList())
        {
            var key = guess.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (guess.StatusCode == 200 && !context.Description.SupportedResponseTypes.Any(r => r.StatusCode is >= 200 and < 300 && r != guess))
                operation.Responses[key] = new OpenApiResponse { Description = "OK" };
            else operation.Responses.Remove(key);
        }

        // Tagged by feature (the endpoint's namespace), so the reference page groups them the way the code does.
        if (FeatureOf(context) is { } feature) operation.Tags = new HashSet<OpenApiTagReference> { new(feature, context.Document) };
        if (operation.Summary == operation.OperationId) operation.Summary = null;
        if (operation.Description == operation.OperationId) operation.Description = null;

        if (metadata.OfType<ReadsBodyAttribute>().FirstOrDefault() is { } body)
        {
            operation.RequestBody ??= new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new()
                    {
                        Schema = await context.GetOrCreateSchemaAsync(body.Type, null, token),
                        Example = body.Example is null ? null : System.Text.Json.Nodes.JsonNode.Parse(body.Example),
                    },
                },
            };
            problems.UnionWith([400, 413, 415]);
        }
        if (context.Description.RelativePath?.Contains("{clinicId}") == true) problems.Add(400);

        if (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
        {
            problems.UnionWith([401, 403, 429]);
            operation.Security =
            [
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] },
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(KeyHeaderScheme, context.Document)] = [] },
            ];
        }

        // A feature that refuses in its own format (FHIR: OperationOutcome) is documented with that format.
        var format = context.ApplicationServices.GetServices<IRefusalFormat>()
            .FirstOrDefault(f => f.Claims("/" + context.Description.RelativePath?.Split('?')[0]));
        var mediaType = format?.MediaType ?? "application/problem+json";
        foreach (var status in problems)
        {
            var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (operation.Responses.TryGetValue(key, out var existing) && existing.Content?.ContainsKey(mediaType) == true)
                continue;
            var schema = format is null ? await ProblemSchemaAsync(context, status == 400, token) : RefusalSchema(context, format);
            operation.Responses[key] = new OpenApiResponse
            {
                Description = existing?.Description is { Length: > 0 } known ? known : Describe(status),
                Content = new Dictionary<string, OpenApiMediaType> { [mediaType] = new() { Schema = schema } },
            };
        }
    }

    /// <summary>
    /// A field that may be null may be left out too: the endpoints read both the same way. The generated schema calls
    /// every constructor parameter required, which would make a client send nulls it need not send.
    /// </summary>
    static Task OptionalWhenNullableAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken token)
    {
        if (schema.Required is not { Count: > 0 } required || context.JsonTypeInfo.Kind != System.Text.Json.Serialization.Metadata.JsonTypeInfoKind.Object)
            return Task.CompletedTask;
        foreach (var property in context.JsonTypeInfo.Properties)
            if (property.AssociatedParameter is { IsNullable: true } || property.AssociatedParameter is null && property.IsSetNullable)
                required.Remove(property.Name);
        return Task.CompletedTask;
    }

    static OpenApiSchemaReference RefusalSchema(OpenApiOperationTransformerContext context, IRefusalFormat format)
    {
        var document = context.Document!;
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        var (id, schema) = format.RefusalSchema();
        document.Components.Schemas.TryAdd(id, schema);
        return new OpenApiSchemaReference(id, document);
    }

    /// <summary>The problem schemas once in the components, referenced from every answer.</summary>
    static async Task<IOpenApiSchema> ProblemSchemaAsync(OpenApiOperationTransformerContext context, bool validation, CancellationToken token)
    {
        var (id, type) = validation ? ("ValidationProblemDetails", typeof(HttpValidationProblemDetails)) : ("ProblemDetails", typeof(ProblemDetails));
        var document = context.Document!;
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        if (!document.Components.Schemas.ContainsKey(id))
            document.Components.Schemas[id] = await context.GetOrCreateSchemaAsync(type, null, token);
        return new OpenApiSchemaReference(id, document);
    }

    /// <summary>"Ingest", "Alerts", "Alerts.Delivery", ...: the namespace of the endpoint's class below the root.</summary>
    static string? FeatureOf(OpenApiOperationTransformerContext context)
    {
        var type = context.Description.ActionDescriptor is Microsoft.AspNetCore.Mvc.Controllers.ControllerActionDescriptor controller
            ? controller.ControllerTypeInfo.AsType()
            : context.Description.ActionDescriptor.EndpointMetadata.OfType<System.Reflection.MethodInfo>().FirstOrDefault()?.DeclaringType;
        var root = typeof(ApiDocument).Namespace!.Split('.')[0] + ".";
        return type?.Namespace is { } ns && ns.StartsWith(root, StringComparison.Ordinal) ? ns[root.Length..] : null;
    }

    static string Describe(int status) => status switch
    {
        400 => "Invalid request: the fields at fault under `errors`",
        401 => "No credential, or one that is not valid",
        403 => "The credential's role or clinics do not allow this",
        404 => "The clinic has no such thing",
        409 => "Conflicts with the current state",
        413 => "Body too large",
        415 => "Body is not application/json",
        429 => "Rate limit of this credential exceeded; see Retry-After",
        _ => "Problem",
    };
}
