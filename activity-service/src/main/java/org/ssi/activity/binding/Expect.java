package org.ssi.activity.binding;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a request record (the body) or one of its components must be, as its error says it when a value does not fit ("must be a boolean"),
 * and whether a JSON {@code null} reads as the member being absent.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.TYPE})
public @interface Expect {

    /** The error detail for a value that does not fit the component's type. */
    String value();

    /** For a list, the error detail for an element that does not fit; the default is {@link #value()}. */
    String element() default "";

    /** Whether {@code null} reads as absent (true), or is refused with {@link #value()} (false). */
    boolean nullable() default true;

    /** The error detail when the member is absent or null; empty (the default) when it may be left out. */
    String missing() default "";
}
