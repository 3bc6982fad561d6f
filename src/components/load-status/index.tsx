import { Text, View } from '@tarojs/components';
import BigButton from '../big-button';
import Notice from '../notice';

/** Where a page's data is: still loading, failed with a message, or ready. */
export type LoadState = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready' };

interface Props {
  load: LoadState;
  /** Called by the 「再试一次」 button after a failure. */
  onRetry: () => void;
}

/** "Please wait" while loading; the failure in words with a retry button; nothing once ready. */
export default function LoadStatus({ load, onRetry }: Props) {
  if (load.state === 'loading') return <Text className='gk-text gk-muted'>正在读取，请稍等……</Text>;
  if (load.state === 'failed') {
    return (
      <View>
        <Notice kind='error' lines={[load.message]} />
        <BigButton text='再试一次' variant='secondary' onTap={onRetry} />
      </View>
    );
  }
  return null;
}
