import { View, Text } from '@tarojs/components';

export default function Tasks() {
  return (
    <View>
      <Text>督办通</Text>
    </View>
  );
}
