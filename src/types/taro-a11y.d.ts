/**
 * Accessibility attributes Taro's View does not declare. In H5 the View is a custom element and string props land
 * on it as attributes (checked in the built DOM); in weapp they are ignored.
 */
import '@tarojs/components/types/View';

declare module '@tarojs/components/types/View' {
  interface ViewProps {
    /** ARIA role, e.g. "button" for a tappable View, "alert" for an error line. */
    role?: string;
    /** 0 makes a tappable View reachable by keyboard and lets screen readers treat it as a control (role="button"). */
    tabIndex?: number;
  }
}
