<?php
/**
 * Plugin Name:       GC Lab
 * Description:       The Genesys Cloud Web Messaging lab's elements (<gc-messenger>, <gc-database-plugin>, <gc-commands>, <gc-login-form>, <gc-session-controls>, <gc-event-log>) in posts and pages: lets authors' Custom HTML keep them, loads the bundle only where they are used, and adds the [gc_lab] shortcode and the GC Lab block, which render the whole lab (the event log on request).
 * Version:           0.0.0
 * Requires at least: 6.1
 * Requires PHP:      7.4
 * License:           MIT
 * Text Domain:       gc-lab
 *
 * @package GcLab
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

// Both set by scripts/build-wordpress.mjs from package.json and the bundle's files it copies
// (the hash covers all of them: gc-lab.js, its gc-lab-*.js chunks and their maps).
define( 'GC_LAB_VERSION', '0.0.0' );
define( 'GC_LAB_BUNDLE_HASH', '' );

/**
 * The elements and their documented attributes (the `@attr` of src/*\/*.ts, less the
 * read-only reflected `state` and `status`), plus `hidden`, `id` and `class`. This is the
 * whole list kses lets through: never `script`, never an `on*` attribute, nothing else.
 *
 * @return array<string, string[]>
 */
function gc_lab_elements() {
	return array(
		'gc-messenger'        => array( 'environment', 'deployment-id', 'debug', 'bootstrap-src', 'ready-timeout', 'nonce', 'hidden', 'id', 'class' ),
		'gc-database-plugin'  => array( 'persist', 'value', 'hidden', 'id', 'class' ),
		'gc-commands'         => array( 'product-code', 'product-name', 'product-price', 'product-has-batteries', 'record-event-name', 'hidden', 'id', 'class' ),
		'gc-login-form'       => array( 'hidden', 'id', 'class' ),
		'gc-session-controls' => array( 'home-url', 'hidden', 'id', 'class' ),
		'gc-event-log'        => array( 'max-entries', 'filter', 'hidden', 'id', 'class' ),
	);
}

/**
 * The filters `<gc-event-log>` knows (its `filter` attribute, as it compares them: case matters).
 *
 * @return string[]
 */
function gc_lab_event_log_filters() {
	return array( 'all', 'Database', 'MessagingService', 'Journey', 'Messenger', 'page' );
}

/**
 * Attributes that hold a URL: kses checks their protocol, and they are limited to http/https.
 *
 * @return string[]
 */
function gc_lab_url_attributes() {
	return array( 'bootstrap-src', 'home-url' );
}

/** URL protocols allowed in gc_lab_url_attributes(). */
function gc_lab_url_protocols() {
	return array( 'http', 'https' );
}

/**
 * Whether a `bootstrap-src` names one of this site's own script files: a root-relative path
 * (`/…`, not `//…`) or an http(s) URL on the site's own origin, whose path is a `.js` file
 * outside the uploads folder that is really there (see gc_lab_is_site_file()), with no query
 * and no PHP on the way. Any other script would run
 * on every visitor's page: kses drops it from every tag it filters, and the shortcode and the
 * block never render it; only a tag pasted by a user with unfiltered HTML, which kses does not
 * filter, can name one. (The site's own origin is not enough: an Author can upload a `.txt`
 * file, which a browser runs as a script, and PHP endpoints answer under paths such as
 * `/index.php/x.js` or with `?_jsonp=`.)
 *
 * @param string $value The attribute's value, as written (entities allowed).
 * @return bool
 */
function gc_lab_is_site_script( $value ) {
	// What the browser will read: the entities kses keeps, decoded (it turns the others into text).
	$url = trim( html_entity_decode( wp_kses_normalize_entities( (string) $value ), ENT_QUOTES | ENT_HTML5, 'UTF-8' ) );
	// Browsers drop tabs and newlines inside a URL and read `\` as `/`: such a URL is refused, not judged.
	if ( '' === $url || preg_match( '/[\x00-\x20\x7f\\\\]/', $url ) || 0 === strpos( $url, '//' ) ) {
		return false;
	}
	$parts = wp_parse_url( $url );
	if ( ! is_array( $parts ) || isset( $parts['query'] ) || isset( $parts['user'] ) || isset( $parts['pass'] ) ) {
		return false;
	}
	$origin = function ( $parts ) {
		$scheme = strtolower( (string) $parts['scheme'] );
		$port   = isset( $parts['port'] ) ? (int) $parts['port'] : ( 'https' === $scheme ? 443 : 80 );
		return $scheme . '://' . strtolower( (string) $parts['host'] ) . ':' . $port;
	};
	if ( isset( $parts['scheme'] ) || isset( $parts['host'] ) ) {
		if ( empty( $parts['scheme'] ) || empty( $parts['host'] ) ) {
			return false;
		}
		$own_origin = false;
		foreach ( array( home_url(), site_url() ) as $site ) {
			$own = wp_parse_url( $site );
			if ( is_array( $own ) && ! empty( $own['scheme'] ) && ! empty( $own['host'] ) && $origin( $own ) === $origin( $parts ) ) {
				$own_origin = true;
			}
		}
		if ( ! $own_origin ) {
			return false;
		}
	} elseif ( '/' !== $url[0] ) {
		return false;
	}
	$raw_path = isset( $parts['path'] ) ? (string) $parts['path'] : '';
	$path     = rawurldecode( $raw_path );
	// One reading only: no encoded or doubled slashes, no dot segments, no `;` parameters, no PHP
	// (.php, .phtml, .phar…) on the way, not the REST API.
	if ( ! preg_match( '%^/[^?#]*\.js$%i', $path ) || preg_match( '#%(2f|5c)#i', $raw_path ) ) {
		return false;
	}
	foreach ( array( $raw_path, $path ) as $each ) {
		if ( preg_match( '#//|;|\.ph|(^|/)(\.|%2e){1,2}(/|$)|(^|/)wp-json/#i', $each ) ) {
			return false;
		}
	}
	$uploads = wp_get_upload_dir();
	$under   = wp_parse_url( isset( $uploads['baseurl'] ) ? (string) $uploads['baseurl'] : '', PHP_URL_PATH );
	if ( is_string( $under ) && '' !== $under && 0 === stripos( $path, rtrim( $under, '/' ) . '/' ) ) {
		return false;
	}
	return gc_lab_is_site_file( $path );
}

/**
 * Whether a URL path names a real `.js` file of the site, outside the uploads folders, that the
 * web server serves as it is: the path maps into WordPress's folder (site_url()) or wp-content
 * (content_url()), and the file's real path (links and dots resolved) is exactly that. A path
 * with no file behind it goes to WordPress's index.php, which may redirect anywhere (to an
 * Author's upload, for one), so it is refused, as is anything a server could read another way.
 *
 * @param string $path A decoded URL path (`/…`).
 * @return bool
 */
function gc_lab_is_site_file( $path ) {
	$roots = array(
		array( wp_parse_url( content_url(), PHP_URL_PATH ), WP_CONTENT_DIR ),
		array( wp_parse_url( site_url(), PHP_URL_PATH ), ABSPATH ),
	);
	foreach ( $roots as $root ) {
		$prefix = rtrim( (string) $root[0], '/' ) . '/';
		if ( 0 !== strpos( $path, $prefix ) ) {
			continue;
		}
		$rest = substr( $path, strlen( $prefix ) );
		$base = realpath( $root[1] );
		$real = realpath( $root[1] . '/' . $rest );
		if ( false === $base || false === $real || ! is_file( $real ) ) {
			return false;
		}
		// Exactly the path named (which ends in .js): no link, dot or doubled slash read another way.
		if ( $base . DIRECTORY_SEPARATOR . str_replace( '/', DIRECTORY_SEPARATOR, $rest ) !== $real ) {
			return false;
		}
		$uploads = wp_get_upload_dir();
		foreach ( array( WP_CONTENT_DIR . '/uploads', isset( $uploads['basedir'] ) ? (string) $uploads['basedir'] : '' ) as $folder ) {
			$folder = '' === $folder ? false : realpath( $folder );
			if ( false !== $folder && 0 === strpos( $real . DIRECTORY_SEPARATOR, $folder . DIRECTORY_SEPARATOR ) ) {
				return false;
			}
		}
		return true;
	}
	return false;
}

/**
 * The elements in kses's format, an `on*` name never among them, whatever the list says.
 *
 * @return array<string, array<string, bool>>
 */
function gc_lab_kses_elements() {
	$kses = array();
	foreach ( gc_lab_elements() as $tag => $attributes ) {
		$kses[ $tag ] = array();
		foreach ( $attributes as $attribute ) {
			if ( 0 !== strpos( $attribute, 'on' ) ) {
				$kses[ $tag ][ $attribute ] = true;
			}
		}
	}
	return $kses;
}

/**
 * Lets the elements through kses in post content for users who can edit posts (an Author's
 * or Contributor's Custom HTML block). Editors and Administrators with `unfiltered_html` skip
 * kses altogether, so this changes nothing for them.
 *
 * @param array<string, mixed> $tags    Allowed tags and their attributes.
 * @param string|array         $context The kses context.
 * @return array<string, mixed>
 */
function gc_lab_kses_allowed_html( $tags, $context ) {
	if ( 'post' !== $context || ! is_array( $tags ) || ! current_user_can( 'edit_posts' ) ) {
		return $tags;
	}
	return array_merge( $tags, gc_lab_kses_elements() );
}
add_filter( 'wp_kses_allowed_html', 'gc_lab_kses_allowed_html', 10, 2 );

/**
 * Makes kses treat `bootstrap-src` and `home-url` as URLs (its protocol check applies).
 *
 * @param string[] $attributes Attribute names holding URLs.
 * @return string[]
 */
function gc_lab_kses_uri_attributes( $attributes ) {
	return array_values( array_unique( array_merge( (array) $attributes, gc_lab_url_attributes() ) ) );
}
add_filter( 'wp_kses_uri_attributes', 'gc_lab_kses_uri_attributes' );

/**
 * Before kses's pass, passes each of the elements' opening tags through kses's own attribute
 * filter with http and https as the only protocols, so `bootstrap-src` and `home-url` keep no
 * other scheme (kses's general list also has ftp:, mailto:, tel: and more), and drops a
 * `bootstrap-src` that is not one of the site's own scripts.
 * Runs only where kses allows the elements, and reads tags exactly as kses does (`<`, spaces,
 * the name up to the first character not in [a-zA-Z0-9-], the rest up to the first `>`).
 *
 * @param string       $content           Content about to be filtered by kses.
 * @param array|string $allowed_html      Allowed HTML or a kses context name.
 * @param string[]     $allowed_protocols The protocols of this kses pass.
 * @return string
 */
function gc_lab_pre_kses( $content, $allowed_html, $allowed_protocols ) {
	if ( ! is_string( $content ) || ! preg_match( '%<\s*gc-%i', $content ) ) {
		return $content;
	}
	$allowed = is_array( $allowed_html ) ? $allowed_html : wp_kses_allowed_html( $allowed_html );
	$ours    = array_intersect_key( gc_lab_kses_elements(), is_array( $allowed ) ? $allowed : array() );
	if ( empty( $ours ) ) {
		return $content;
	}
	$protocols = array_values( array_intersect( gc_lab_url_protocols(), (array) $allowed_protocols ) );
	$names     = implode( '|', array_map( 'preg_quote', array_keys( $ours ) ) );
	return preg_replace_callback(
		// A tag as kses reads one: `<`, spaces, a name of [a-zA-Z0-9-], anything up to the first `>`.
		'%<\s*(' . $names . ')(?![a-zA-Z0-9-])([^>]*)(>|$)%i',
		function ( $match ) use ( $ours, $protocols ) {
			$element    = strtolower( $match[1] );
			$attributes = $match[2];
			// For every user: kses also runs while a page renders (Latest Posts, for one), and then
			// judges the viewer, not the writer. An unfiltered-HTML user's own saves skip kses.
			if ( 'gc-messenger' === $element ) {
				$attributes = gc_lab_without_foreign_script( $attributes, $protocols );
			}
			$rebuilt = wp_kses_attr( $element, $attributes, array( $element => $ours[ $element ] ), $protocols );
			// wp_kses_attr() always closes the tag; keep an unclosed one unclosed, as kses would see it.
			return '' === $match[3] ? substr( $rebuilt, 0, -1 ) : $rebuilt;
		},
		$content
	);
}
add_filter( 'pre_kses', 'gc_lab_pre_kses', 10, 3 );

/**
 * A `<gc-messenger>` tag's attributes without a `bootstrap-src` (in any case) that is not one
 * of this site's own scripts (see gc_lab_is_site_script()), and without a second one.
 *
 * @param string   $attributes The tag's attributes, as written.
 * @param string[] $protocols  The protocols of this kses pass.
 * @return string
 */
function gc_lab_without_foreign_script( $attributes, $protocols ) {
	$pairs = wp_kses_hair( $attributes, $protocols );
	$kept  = array();
	$seen  = false;
	foreach ( $pairs as $name => $pair ) {
		// kses keeps names as written and browsers read them in any case: BOOTSTRAP-SRC is one too.
		if ( 'bootstrap-src' === strtolower( (string) $name ) ) {
			// The browser takes the first; a second is never needed.
			if ( $seen || ! gc_lab_is_site_script( $pair['value'] ) ) {
				$seen = true;
				continue;
			}
			$seen = true;
		}
		$kept[] = $pair['whole'];
	}
	return count( $kept ) === count( $pairs ) ? $attributes : ( $kept ? ' ' . implode( ' ', $kept ) : '' );
}

/**
 * Whether some HTML uses the elements (a tag, the shortcode or the block).
 *
 * @param string $content HTML or post content.
 * @return bool
 */
function gc_lab_uses_elements( $content ) {
	if ( ! is_string( $content ) || '' === $content ) {
		return false;
	}
	$names = implode( '|', array_map( 'preg_quote', array_keys( gc_lab_elements() ) ) );
	if ( preg_match( '%<(' . $names . ')[\s/>]%i', $content ) ) {
		return true;
	}
	if ( false !== strpos( $content, '<!-- wp:gc-lab/lab' ) && has_block( 'gc-lab/lab', $content ) ) {
		return true;
	}
	return false !== strpos( $content, '[gc_lab' ) && has_shortcode( $content, 'gc_lab' );
}

/**
 * The bundle's URL, with no query string: `bundle/<version>-<hash>/gc-lab.js` in the plugin's
 * folder (as the build lays it out), or `gc-lab.js` beside this file in a plugin put together
 * by hand (no hash stamped).
 *
 * Why no `?ver=`: gc-lab.js loads `<gc-commands>`, `<gc-login-form>` and `<gc-event-log>` from
 * chunk files beside it (gc-lab-commands.js, gc-lab-login-form.js, gc-lab-journey.js,
 * gc-lab-event-log.js), and each chunk does
 * `import … from "./gc-lab.js"`, which resolves to the URL without the query. With a query on
 * the page's URL the browser would run a second copy of the bundle (another Lit, elements
 * "already defined by another copy"). So WordPress gets `null` as the version (it adds no `ver`).
 *
 * Cache busting is the folder's name instead: it changes with any byte of gc-lab.js, a chunk or
 * a map, so a new build has new URLs for all of them, and a browser or CDN that keeps scripts for
 * a long time (many hosts send `expires max` for .js, counting on `?ver=`) can never pair a stale
 * gc-lab.js with a new chunk: the chunks import gc-lab.js's exports by their minified names,
 * which change from build to build, so a mixed pair would fail to load the element. The cost: a
 * page cached as HTML before an update names the old folder, which the update removed; page
 * caches must be purged after updating the plugin, as for any plugin that renames its assets.
 *
 * @param string $file The file's name (`gc-lab.js`, `gc-lab-commands.js`…).
 * @return string
 */
function gc_lab_bundle_url( $file = 'gc-lab.js' ) {
	return plugins_url( gc_lab_bundle_folder() . $file, __FILE__ );
}

/** The folder of the bundle's files, relative to the plugin's: `bundle/<version>-<hash>/`, or `''` unbuilt. */
function gc_lab_bundle_folder() {
	return '' === GC_LAB_BUNDLE_HASH ? '' : 'bundle/' . gc_lab_bundle_version() . '/';
}

/** The bundle's version: the plugin's, and the hash of the bundle's files when built. */
function gc_lab_bundle_version() {
	return '' === GC_LAB_BUNDLE_HASH ? GC_LAB_VERSION : GC_LAB_VERSION . '-' . GC_LAB_BUNDLE_HASH;
}

/**
 * Loads the bundle as a module, once, by its URL without a query (version `null`: see
 * gc_lab_bundle_url()). WordPress 6.5+ has script modules; before that (6.1–6.4) a footer
 * script gets `type="module"` from gc_lab_script_loader_tag(): as a classic script it could
 * neither export nor load its chunks. Safe to call late (while the content renders): both print
 * in the footer, or before the head of a block theme, whose template is rendered first.
 */
function gc_lab_enqueue() {
	if ( function_exists( 'wp_enqueue_script_module' ) && function_exists( 'wp_register_script_module' ) ) {
		wp_register_script_module( '@gc-lab/gc-lab', gc_lab_bundle_url(), array(), null );
		wp_enqueue_script_module( '@gc-lab/gc-lab' );
		return;
	}
	if ( ! wp_script_is( 'gc-lab', 'registered' ) ) {
		wp_register_script( 'gc-lab', gc_lab_bundle_url(), array(), null, true );
	}
	wp_enqueue_script( 'gc-lab' );
}

/**
 * WordPress 6.1–6.4: the bundle's script tag becomes `type="module"` (it is an ES module, and
 * only a module script can import its chunks, which import it back by its URL).
 *
 * @param string $tag    The script tag.
 * @param string $handle The script's handle.
 * @return string
 */
function gc_lab_script_loader_tag( $tag, $handle ) {
	if ( 'gc-lab' !== $handle ) {
		return $tag;
	}
	$tag = preg_replace( '%(<script\b[^>]*?)\s+type=(["\'])[^"\']*\2%i', '$1', $tag );
	return preg_replace( '%<script\b%i', '<script type="module"', $tag, 1 );
}
add_filter( 'script_loader_tag', 'gc_lab_script_loader_tag', 10, 2 );

/** Enqueues the bundle early when a post of the main query uses the elements. */
function gc_lab_enqueue_for_query() {
	global $wp_query;
	if ( ! ( $wp_query instanceof WP_Query ) || empty( $wp_query->posts ) ) {
		return;
	}
	foreach ( $wp_query->posts as $post ) {
		if ( $post instanceof WP_Post && gc_lab_uses_elements( $post->post_content ) ) {
			gc_lab_enqueue();
			return;
		}
	}
}
add_action( 'wp_enqueue_scripts', 'gc_lab_enqueue_for_query' );

/**
 * Enqueues the bundle when a rendered block (a reusable block, a template part, a widget…)
 * holds one of the elements.
 *
 * @param string $block_content The block's HTML.
 * @return string
 */
function gc_lab_render_block( $block_content ) {
	if ( is_string( $block_content ) && false !== stripos( $block_content, '<gc-' ) && gc_lab_uses_elements( $block_content ) ) {
		gc_lab_enqueue();
	}
	return $block_content;
}
add_filter( 'render_block', 'gc_lab_render_block' );

/**
 * Enqueues the bundle when filtered content (a classic post outside the main query…) holds
 * one of the elements. Runs after shortcodes.
 *
 * @param string $content The content.
 * @return string
 */
function gc_lab_the_content( $content ) {
	if ( is_string( $content ) && false !== stripos( $content, '<gc-' ) && gc_lab_uses_elements( $content ) ) {
		gc_lab_enqueue();
	}
	return $content;
}
add_filter( 'the_content', 'gc_lab_the_content', 100 );

/**
 * One shortcode attribute checked, or null when it is invalid (then it is dropped).
 * Boolean attributes come back as true (present) or false (absent).
 *
 * @param string $name  The attribute (lowercase, `-`).
 * @param mixed  $value Its value; true for a valueless one.
 * @return string|bool|null
 */
function gc_lab_shortcode_value( $name, $value ) {
	if ( in_array( $name, array( 'debug', 'persist', 'product-has-batteries', 'event-log' ), true ) ) {
		if ( true === $value ) {
			return true;
		}
		$value = strtolower( trim( (string) $value ) );
		if ( in_array( $value, array( '', '1', 'true', 'yes', 'on', $name ), true ) ) {
			return true;
		}
		return in_array( $value, array( '0', 'false', 'no', 'off' ), true ) ? false : null;
	}
	if ( true === $value || ! is_scalar( $value ) ) {
		return null;
	}
	$value = trim( (string) $value );
	switch ( $name ) {
		case 'environment':
			// The element checks the code against Genesys's table; here only its shape.
			return preg_match( '/^[a-z0-9][a-z0-9-]{0,39}$/i', $value ) ? strtolower( $value ) : null;
		case 'deployment-id':
			return preg_match( '/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i', $value ) ? $value : null;
		case 'ready-timeout':
			return ( preg_match( '/^[0-9]{1,6}$/', $value ) && (int) $value > 0 && (int) $value <= 600000 ) ? (string) (int) $value : null;
		case 'nonce':
			return preg_match( '%^[A-Za-z0-9+/=_-]{1,200}$%', $value ) ? $value : null;
		case 'bootstrap-src':
		case 'home-url':
			$url = esc_url_raw( $value, gc_lab_url_protocols() );
			return '' === $url ? null : $url;
		case 'value':
			return $value;
		case 'product-code':
		case 'product-name':
			return gc_lab_product_text( $value );
		case 'product-price':
			// A finite number of 0 or more, written plainly (no sign, exponent, hex or `Infinity`).
			return preg_match( '/^[0-9]{1,15}(\.[0-9]{1,15})?$/', $value ) ? $value : null;
		case 'record-event-name':
			// As Genesys requires of an event name (EVENT_NAME in src/genesys/journey.ts).
			return preg_match( '/^[A-Za-z0-9_]{1,100}$/', $value ) ? $value : null;
		case 'max-entries':
			// A whole number from 10 to 1000, written plainly (as <gc-event-log> reads it: no sign, point or exponent).
			return ( preg_match( '/^[0-9]{1,4}$/', $value ) && (int) $value >= 10 && (int) $value <= 1000 ) ? (string) (int) $value : null;
		case 'filter':
			return in_array( $value, gc_lab_event_log_filters(), true ) ? $value : null;
	}
	return null;
}

/**
 * A product's code or name as `<gc-commands>` accepts it: valid UTF-8, 1 to 255 characters once
 * trimmed, counted as JavaScript counts them (UTF-16 units: a character beyond U+FFFF is two);
 * null otherwise.
 *
 * @param string $value The value, trimmed of ASCII spaces.
 * @return string|null
 */
function gc_lab_product_text( $value ) {
	if ( '' === $value || ! preg_match( '//u', $value ) ) {
		return null;
	}
	// What String.prototype.trim() also removes: Unicode spaces, the no-break space, the BOM.
	$value = (string) preg_replace( '/^[\s\p{Z}\x{feff}]+|[\s\p{Z}\x{feff}]+$/u', '', $value );
	$units = preg_match_all( '/./su', $value ) + preg_match_all( '/[\x{10000}-\x{10ffff}]/u', $value );
	return '' !== $value && $units <= 255 ? $value : null;
}

/**
 * Shortcode-style attributes by name: lowercase, `_` read as `-`, a valueless one (`persist`,
 * which comes as a value with a numeric key) as true, the first of a name kept.
 *
 * @param array|string $atts The attributes.
 * @return array<string, mixed>
 */
function gc_lab_given_attributes( $atts ) {
	$given = array();
	foreach ( (array) $atts as $key => $value ) {
		if ( is_int( $key ) ) {
			$key   = $value;
			$value = true;
		}
		$key = str_replace( '_', '-', strtolower( (string) $key ) );
		if ( ! isset( $given[ $key ] ) ) {
			$given[ $key ] = $value;
		}
	}
	return $given;
}

/**
 * The lab's five elements, in the lab's order (messenger, database plugin, commands, login
 * form, session controls), and `<gc-event-log>` after them when `event-log` is on, for
 * shortcode-style attributes (`deployment-id`, …): valid ones escaped, unknown or invalid ones
 * dropped. Enqueues the bundle.
 *
 * @param array|string $atts The attributes; a valueless one as a value with a numeric key.
 * @return string
 */
function gc_lab_render_elements( $atts ) {
	$for = array(
		'gc-messenger'        => array( 'environment', 'deployment-id', 'debug', 'bootstrap-src', 'ready-timeout', 'nonce' ),
		'gc-database-plugin'  => array( 'persist', 'value' ),
		'gc-commands'         => array( 'product-code', 'product-name', 'product-price', 'product-has-batteries', 'record-event-name' ),
		'gc-login-form'       => array(),
		'gc-session-controls' => array( 'home-url' ),
		'gc-event-log'        => array( 'max-entries', 'filter' ),
	);
	$given = gc_lab_given_attributes( $atts );
	// The event log is opt-in (`event-log`, checked like `persist`): without it, its attributes do nothing.
	if ( ! array_key_exists( 'event-log', $given ) || true !== gc_lab_shortcode_value( 'event-log', $given['event-log'] ) ) {
		unset( $for['gc-event-log'] );
	}

	$html = '';
	foreach ( $for as $tag => $names ) {
		$attributes = '';
		foreach ( $names as $name ) {
			if ( ! array_key_exists( $name, $given ) ) {
				continue;
			}
			$value = gc_lab_shortcode_value( $name, $given[ $name ] );
			// Whoever wrote it: shortcode text can come from anyone (a title, an excerpt, a pattern
			// shown on an Editor's page). Another script needs a pasted tag by an unfiltered-HTML user.
			if ( 'bootstrap-src' === $name && is_string( $value ) && ! gc_lab_is_site_script( $value ) ) {
				continue;
			}
			if ( true === $value ) {
				$attributes .= ' ' . $name;
			} elseif ( is_string( $value ) ) {
				$attributes .= ' ' . $name . '="' . esc_attr( $value ) . '"';
			}
		}
		$html .= '<' . $tag . $attributes . '></' . $tag . '>';
	}
	gc_lab_enqueue();
	return $html;
}

/**
 * [gc_lab environment="prod-euw1" deployment-id="…" persist]: the lab's elements, with the
 * shortcode's valid attributes (escaped); unknown or invalid attributes are dropped. With
 * `event-log` (and optionally `max-entries`, `filter`), `<gc-event-log>` after the session controls.
 *
 * @param array|string $atts The shortcode's attributes.
 * @return string
 */
function gc_lab_shortcode( $atts ) {
	return '<div class="gc-lab">' . gc_lab_render_elements( $atts ) . '</div>';
}
add_shortcode( 'gc_lab', 'gc_lab_shortcode' );

/**
 * The GC Lab block (gc-lab/lab): the shortcode's elements, set in the editor's sidebar.
 *
 * @param array $attributes The block's attributes (camelCase).
 * @return string
 */
function gc_lab_render_lab_block( $attributes ) {
	return '<div ' . get_block_wrapper_attributes( array( 'class' => 'gc-lab' ) ) . '>' . gc_lab_render_elements( gc_lab_block_attributes( $attributes ) ) . '</div>';
}

/**
 * The GC Lab block's attributes (camelCase, from block.json) as the shortcode's (`deployment-id`,
 * …): true as `true`, empty strings left out.
 *
 * @param array $attributes The block's attributes.
 * @return array<string, string>
 */
function gc_lab_block_attributes( $attributes ) {
	$names = array(
		'environment'         => 'environment',
		'deploymentId'        => 'deployment-id',
		'debug'               => 'debug',
		'bootstrapSrc'        => 'bootstrap-src',
		'readyTimeout'        => 'ready-timeout',
		'persist'             => 'persist',
		'value'               => 'value',
		'productCode'         => 'product-code',
		'productName'         => 'product-name',
		'productPrice'        => 'product-price',
		'productHasBatteries' => 'product-has-batteries',
		'recordEventName'     => 'record-event-name',
		'homeUrl'             => 'home-url',
		'eventLog'            => 'event-log',
		'maxEntries'          => 'max-entries',
		'filter'              => 'filter',
	);
	$atts = array();
	foreach ( $names as $from => $to ) {
		$value = isset( $attributes[ $from ] ) ? $attributes[ $from ] : null;
		if ( true === $value ) {
			$atts[ $to ] = 'true';
		} elseif ( is_string( $value ) && '' !== trim( $value ) ) {
			$atts[ $to ] = $value;
		}
	}
	return $atts;
}

/** Registers the block from block/block.json (its editor script needs no build). */
function gc_lab_register_block() {
	if ( file_exists( __DIR__ . '/block/block.json' ) ) {
		register_block_type( __DIR__ . '/block', array( 'render_callback' => 'gc_lab_render_lab_block' ) );
	}
}
add_action( 'init', 'gc_lab_register_block' );

/**
 * Messenger's bootstrap script for each environment code and lab short code, from
 * environments.php, which the build writes from the elements' Genesys contract; empty when the
 * plugin was copied without it.
 *
 * @return array<string, string>
 */
function gc_lab_bootstrap_urls() {
	static $urls = null;
	if ( null === $urls ) {
		$file = __DIR__ . '/environments.php';
		$urls = file_exists( $file ) ? include $file : array();
		$urls = is_array( $urls ) ? $urls : array();
	}
	return $urls;
}

/**
 * The first messenger's attributes in some post content, from the shortcode, the block or a
 * pasted `<gc-messenger>` tag (lowercase names, `-`), or null when there is none.
 *
 * @param string $content Post content.
 * @return array<string, mixed>|null
 */
function gc_lab_messenger_attributes( $content ) {
	if ( ! is_string( $content ) || '' === $content ) {
		return null;
	}
	if ( false !== strpos( $content, '<!-- wp:gc-lab/lab' ) ) {
		$find = function ( $blocks ) use ( &$find ) {
			foreach ( $blocks as $block ) {
				if ( 'gc-lab/lab' === $block['blockName'] ) {
					return gc_lab_block_attributes( (array) $block['attrs'] );
				}
				$inner = empty( $block['innerBlocks'] ) ? null : $find( $block['innerBlocks'] );
				if ( null !== $inner ) {
					return $inner;
				}
			}
			return null;
		};
		$found = $find( parse_blocks( $content ) );
		if ( null !== $found ) {
			return $found;
		}
	}
	if ( false !== strpos( $content, '[gc_lab' ) && preg_match( '/' . get_shortcode_regex( array( 'gc_lab' ) ) . '/', $content, $match ) ) {
		return gc_lab_given_attributes( shortcode_parse_atts( $match[3] ) );
	}
	if ( preg_match( '%<gc-messenger\b([^>]*)>%i', $content, $match ) ) {
		$found = array();
		foreach ( wp_kses_hair( $match[1], array( 'http', 'https' ) ) as $name => $attribute ) {
			$found[ strtolower( $name ) ] = $attribute['value'];
		}
		return $found;
	}
	return null;
}

/**
 * On a single post or page whose messenger is configured for the real Genesys Cloud (a known
 * environment and a deployment ID, no `bootstrap-src`), a preload tag for Messenger's script in
 * the head, so that it loads with the page instead of after the bundle (see docs/cms-guide.md).
 * Not with a `nonce`: WordPress's preload tags carry none, and a nonce policy would block it.
 *
 * @param array $resources The preload tags WordPress prints (`href`, `as`, …).
 * @return array
 */
function gc_lab_preload_resources( $resources ) {
	if ( ! is_singular() ) {
		return $resources;
	}
	$post = get_queried_object();
	if ( ! ( $post instanceof WP_Post ) ) {
		return $resources;
	}
	$attributes = gc_lab_messenger_attributes( $post->post_content );
	if ( null === $attributes || ! empty( $attributes['bootstrap-src'] ) || ! empty( $attributes['nonce'] ) ) {
		return $resources;
	}
	$environment   = isset( $attributes['environment'] ) ? gc_lab_shortcode_value( 'environment', $attributes['environment'] ) : null;
	$deployment_id = isset( $attributes['deployment-id'] ) ? gc_lab_shortcode_value( 'deployment-id', $attributes['deployment-id'] ) : null;
	$urls          = gc_lab_bootstrap_urls();
	if ( ! is_string( $environment ) || ! is_string( $deployment_id ) || ! isset( $urls[ $environment ] ) ) {
		return $resources;
	}
	$resources   = is_array( $resources ) ? $resources : array();
	$resources[] = array(
		'href' => $urls[ $environment ],
		'as'   => 'script',
	);
	return $resources;
}
add_filter( 'wp_preload_resources', 'gc_lab_preload_resources' );
