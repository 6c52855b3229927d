using System.Text.Json;
using System.Text.Json.Serialization;

namespace GobiernoAbierto.Hosting;

/// <summary>
/// A choice from a fixed list travels as one of its names. JsonStringEnumConverter alone also reads «Virtual, InPerson»
/// as a combination of flags, which for a list of plain values is one of its names (0 | 1 is the second): a value that
/// is not in the list was accepted as if it were. Numbers are refused too (allowIntegerValues: false).
/// </summary>
public sealed class EnumNamesConverter : JsonConverterFactory
{
    private static readonly JsonStringEnumConverter Names = new(allowIntegerValues: false);

    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(OneName<>).MakeGenericType(typeToConvert), Names.CreateConverter(typeToConvert, options))!;

    private sealed class OneName<T>(JsonConverter names) : JsonConverter<T> where T : struct, Enum
    {
        private readonly JsonConverter<T> _names = (JsonConverter<T>)names;

        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            Check(ref reader);
            return _names.Read(ref reader, typeToConvert, options);
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => _names.Write(writer, value, options);

        public override T ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            Check(ref reader);
            return _names.ReadAsPropertyName(ref reader, typeToConvert, options);
        }

        public override void WriteAsPropertyName(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            _names.WriteAsPropertyName(writer, value, options);

        private static void Check(ref Utf8JsonReader reader)
        {
            if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName)) return;
            var comma = reader.ValueIsEscaped ? reader.GetString()!.Contains(',') : reader.ValueSpan.IndexOf((byte)',') >= 0;
            // Without a message System.Text.Json writes its own, with the value's path, from which the problem names the
            // field and its names (WrongJsonType), as for any other value that is not one of them.
            if (comma) throw new JsonException();
        }
    }
}

/// <summary>
/// The consoles' forms read a choice the same way: one of its names, or nothing. MVC's own enum binder took «1» and
/// «RegisterKiosk, CloseEarly» for a defined value (a number, and names combined as flags): a garbled or hand-made post
/// of the countersignature form asked the IEEQ to close the vote early. Anything else is the field's Spanish error.
/// </summary>
public sealed class EnumNamesModelBinderProvider : Microsoft.AspNetCore.Mvc.ModelBinding.IModelBinderProvider
{
    public Microsoft.AspNetCore.Mvc.ModelBinding.IModelBinder? GetBinder(Microsoft.AspNetCore.Mvc.ModelBinding.ModelBinderProviderContext context) =>
        context.Metadata.UnderlyingOrModelType.IsEnum ? new OneName() : null;

    private sealed class OneName : Microsoft.AspNetCore.Mvc.ModelBinding.IModelBinder
    {
        public Task BindModelAsync(Microsoft.AspNetCore.Mvc.ModelBinding.ModelBindingContext context)
        {
            var posted = context.ValueProvider.GetValue(context.ModelName);
            if (posted == Microsoft.AspNetCore.Mvc.ModelBinding.ValueProviderResult.None) return Task.CompletedTask;
            context.ModelState.SetModelValue(context.ModelName, posted);
            var value = posted.FirstValue?.Trim();
            var metadata = context.ModelMetadata;
            var type = metadata.UnderlyingOrModelType;
            if (string.IsNullOrEmpty(value))
            {
                if (metadata.IsReferenceOrNullableType) context.Result = Microsoft.AspNetCore.Mvc.ModelBinding.ModelBindingResult.Success(null);
                else context.ModelState.TryAddModelError(context.ModelName, metadata.ModelBindingMessageProvider.ValueMustNotBeNullAccessor(posted.FirstValue ?? ""));
                return Task.CompletedTask;
            }
            if (Enum.GetNames(type).FirstOrDefault(name => string.Equals(name, value, StringComparison.OrdinalIgnoreCase)) is { } name)
                context.Result = Microsoft.AspNetCore.Mvc.ModelBinding.ModelBindingResult.Success(Enum.Parse(type, name));
            else
                context.ModelState.TryAddModelError(context.ModelName,
                    metadata.ModelBindingMessageProvider.AttemptedValueIsInvalidAccessor(posted.FirstValue!, metadata.DisplayName ?? metadata.Name ?? context.ModelName));
            return Task.CompletedTask;
        }
    }
}
