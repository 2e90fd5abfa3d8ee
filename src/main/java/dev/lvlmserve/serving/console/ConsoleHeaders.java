package dev.lvlmserve.serving.console;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Security headers of every console response. The policy names this origin only and has no {@code unsafe-inline}
 * or {@code unsafe-eval}: a variant name or an answer that reached the page as markup could not run. {@code blob:}
 * images are the playground's chosen picture and the report PNG, fetched with the operator's keys (an
 * {@code <img src>} could not send them). {@code no-cache} makes a browser revalidate the files after an upgrade, so
 * an old module is never mixed with a new one.
 */
public final class ConsoleHeaders extends OncePerRequestFilter {
    public static final String POLICY = String.join("; ",
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' blob:",
            "connect-src 'self'",
            "form-action 'self'",
            "base-uri 'none'",
            "frame-ancestors 'none'");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader("Content-Security-Policy", POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("Cache-Control", "no-cache");
        chain.doFilter(request, response);
    }
}
